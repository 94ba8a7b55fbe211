package eval

import (
	"context"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

func compileBench(b *testing.B, engine string) *Engine {
	b.Helper()
	return compileBenchWith(b, engine, EvaluatorVM)
}

func compileBenchWith(b *testing.B, engine, evaluator string) *Engine {
	b.Helper()
	modules, err := policy.Builtins(engine)
	if err != nil {
		b.Fatal(err)
	}
	e, err := Compile(context.Background(), Config{Engine: engine, Modules: modules, Builtins: builtin.All(imageref.NewSuggester()), Evaluator: evaluator})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkCompile compiles the built-in policies of each engine from
// their Rego, as a run with a team's policies or another rule selection
// does once.
func BenchmarkCompile(b *testing.B) {
	for _, engine := range []string{"lint", "diagnose"} {
		b.Run(engine, func(b *testing.B) {
			cfg := builtinConfig(b, engine)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compileModules(context.Background(), cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadBundled builds the engine of each engine's built-in
// policies in their default configuration, as a run's start-up does: from
// the embedded bundle (bundle.go).
func BenchmarkLoadBundled(b *testing.B) {
	for _, engine := range []string{"lint", "diagnose"} {
		b.Run(engine, func(b *testing.B) {
			cfg := builtinConfig(b, engine)
			b.ReportAllocs()
			for b.Loop() {
				e, err := Compile(context.Background(), cfg)
				if err != nil {
					b.Fatal(err)
				}
				if !e.fromBundle() {
					b.Fatal("the engine was compiled, not loaded")
				}
			}
		})
	}
}

// BenchmarkEvaluate evaluates every built-in lint policy on one object of
// each kind of the generated corpus (without a run inventory), the input
// converted once beforehand, as the linter does, with the IR interpreter
// the engine uses.
func BenchmarkEvaluate(b *testing.B) {
	benchmarkEvaluate(b, compileBench(b, "lint"))
}

// BenchmarkEvaluateTopdown is BenchmarkEvaluate with OPA's topdown
// interpreter, for comparison.
func BenchmarkEvaluateTopdown(b *testing.B) {
	benchmarkEvaluate(b, compileBenchWith(b, "lint", EvaluatorTopdown))
}

func benchmarkEvaluate(b *testing.B, e *Engine) {
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 100})
	seen := map[string]bool{}
	ctx := context.Background()
	for _, f := range files {
		objects, _ := manifest.Parse(f.Path, f.Data)
		for _, o := range objects {
			if seen[o.Kind] {
				continue
			}
			seen[o.Kind] = true
			input, err := ToValue(o.Data)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(o.Kind, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := e.Evaluate(ctx, input, Run{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("empty-object", func(b *testing.B) {
		input := ast.NewObject()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := e.Evaluate(ctx, input, Run{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkToValue converts a parsed Deployment to the policy input.
func BenchmarkToValue(b *testing.B) {
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 10, Mix: corpus.MixReference})
	objects, _ := manifest.Parse(files[0].Path, files[0].Data)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToValue(objects[0].Data); err != nil {
			b.Fatal(err)
		}
	}
}
