package lint

import (
	"context"
	"fmt"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// corpusObjects parses a generated corpus of n objects.
func corpusObjects(tb testing.TB, mix string, n int) ([]*manifest.Object, int) {
	tb.Helper()
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: n, Mix: mix})
	var objects []*manifest.Object
	size := 0
	for _, f := range files {
		objs, _ := manifest.Parse(f.Path, f.Data)
		objects = append(objects, objs...)
		size += len(f.Data)
	}
	return objects, size
}

// BenchmarkNew builds a linter of the built-in lint policies, loaded
// precompiled (pkg/policy/eval/bundle.go): the fixed cost of every
// `poddoctor lint` run.
func BenchmarkNew(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(ctx, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintObjects lints objects already parsed, in parallel, with
// every built-in rule: the cost per object after parsing.
func BenchmarkLintObjects(b *testing.B) {
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		for _, n := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("%s/%d", mix, n), func(b *testing.B) {
				objects, _ := corpusObjects(b, mix, n)
				b.ReportAllocs()
				for b.Loop() {
					if res := l.LintObjects(ctx, objects); len(res.Findings) == 0 {
						b.Fatal("no findings")
					}
				}
				b.ReportMetric(float64(len(objects))*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
			})
		}
	}
}

// BenchmarkLintObject lints one object on one goroutine: the Go rules,
// the input conversion and one policy evaluation, by kind.
func BenchmarkLintObject(b *testing.B) {
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	objects, _ := corpusObjects(b, corpus.MixMixed, 200)
	app := l.appRunOf(objects)
	seen := map[string]bool{}
	for _, o := range objects {
		if seen[o.Kind] {
			continue
		}
		seen[o.Kind] = true
		b.Run(o.Kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.lintObject(ctx, o, app)
			}
		})
	}
}

// BenchmarkPolicyEvaluation is the policy part of BenchmarkLintObject
// alone: input conversion, one evaluation, decoding the results.
func BenchmarkPolicyEvaluation(b *testing.B) {
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	objects, _ := corpusObjects(b, corpus.MixReference, 200)
	app := l.appRunOf(objects)
	for _, o := range objects[:2] { // a Deployment and its Service
		b.Run(o.Kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.policyFindings(ctx, o, app.policy)
			}
		})
	}
}

// BenchmarkLintPaths is what `poddoctor lint DIR` does after compiling:
// read and parse a generated tree of files, lint every object, sort.
func BenchmarkLintPaths(b *testing.B) {
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		for _, n := range []int{1000, 10000} {
			b.Run(fmt.Sprintf("%s/%d", mix, n), func(b *testing.B) {
				dir := b.TempDir()
				stats, err := corpus.WriteManifests(dir, corpus.ManifestOptions{Objects: n, Mix: mix})
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(stats.Bytes))
				b.ReportAllocs()
				for b.Loop() {
					res, err := l.LintPaths(ctx, []string{dir}, nil)
					if err != nil || res.Objects != n {
						b.Fatal(res.Objects, err)
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
			})
		}
	}
}
