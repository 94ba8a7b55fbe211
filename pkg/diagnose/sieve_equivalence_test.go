package diagnose

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestSievedMatchesWhole diagnoses generated clusters (events after each
// pod, all before the pods, all after them with the nodes last), every
// testdata snapshot and some multi-file inputs twice: loaded whole
// (snapshot.Load, the reference) and loaded through the diagnosis's Sieve,
// which drops healthy pods as they are read. The findings, facts documents,
// counts and notes must be the same bytes.
func TestSievedMatchesWhole(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	type input struct {
		name  string
		paths []string
		// sifted says the input must really be sifted (not read whole
		// because it cannot be), with pods dropped.
		sifted bool
	}
	var inputs []input
	for _, order := range []string{"", corpus.OrderEventsFirst, corpus.OrderEventsLast} {
		for seed := uint64(1); seed <= 2; seed++ {
			path := filepath.Join(dir, fmt.Sprintf("cluster-%s-%d.json", order, seed))
			var buf bytes.Buffer
			if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 300, Seed: seed, Order: order}); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, input{name: filepath.Base(path), paths: []string{path}, sifted: true})
		}
	}
	first := inputs[0].paths[0]
	inputs = append(inputs,
		input{name: "twice", paths: []string{first, first}, sifted: true},
		// The generator's uids repeat from one seed to the next: pods
		// share uids with the other cluster's owners.
		input{name: "two clusters", paths: []string{first, inputs[1].paths[0]}, sifted: true},
	)
	generated := len(inputs)
	paths, _ := filepath.Glob("../../testdata/diagnose/*")
	more, _ := filepath.Glob("../snapshot/testdata/*")
	for _, path := range append(paths, more...) {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".golden") || filepath.Base(path) == "fuzz" || filepath.Base(path) == "bad" {
			continue
		}
		inputs = append(inputs, input{name: path, paths: []string{path}})
	}
	inputs = append(inputs, input{name: "testdata together", paths: paths})

	clocks := map[string]func() time.Time{
		"newest": nil,
		"later":  func() time.Time { return corpus.CapturedAt.Add(50 * time.Minute) },
		"before": func() time.Time { return corpus.CapturedAt.Add(-3 * time.Hour) },
	}
	for clockName, clock := range clocks {
		d, err := New(ctx, Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		for n, in := range inputs {
			if clock != nil && n >= generated {
				continue // the testdata is diagnosed at its newest time only
			}
			t.Run(clockName+"/"+in.name, func(t *testing.T) {
				whole, wholeErr := snapshot.LoadWith(in.paths, nil, snapshot.Options{IgnoreFileTimes: true})
				sieved, sievedErr := snapshot.LoadWith(in.paths, nil, snapshot.Options{IgnoreFileTimes: true, Sieve: d.Sieve()})
				if (wholeErr == nil) != (sievedErr == nil) {
					t.Fatalf("whole: %v, sieved: %v", wholeErr, sievedErr)
				}
				if wholeErr != nil {
					return
				}
				if in.sifted && (sieved.Sifted == nil || sieved.Sifted.Dropped == 0) {
					t.Fatalf("not sifted: %+v", sieved.Sifted)
				}
				// Generated pods are the plain shape kubectl prints: each is
				// judged on what the loader's scan reads of it.
				if in.sifted && sieved.Sifted.Scanned != sieved.Sifted.Pods {
					t.Fatalf("%d of %d pods judged from the scan", sieved.Sifted.Scanned, sieved.Sifted.Pods)
				}
				want := resultBytes(t, d, whole)
				got := resultBytes(t, d, sieved)
				if !bytes.Equal(want, got) {
					t.Errorf("sieved result differs from whole:\n%s", firstDifference(want, got))
				}
			})
		}
	}
}

// resultBytes is everything a diagnosis of snap returns, as JSON.
func resultBytes(t *testing.T, d *Diagnoser, snap *snapshot.Snapshot) []byte {
	t.Helper()
	res, err := d.DiagnoseFacts(context.Background(), snap, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.MarshalIndent(map[string]any{
		"findings": res.Findings, "facts": res.Facts, "ownerPods": res.OwnerPods,
		"pods": res.Pods, "examined": res.Examined, "workloads": res.Workloads,
		"notes": res.Notes, "clock": res.Clock, "sources": res.Sources,
		"empty": fmt.Sprint(res.Empty()), "secrets": SecretValues(snap),
	}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// firstDifference shows the lines around the first line that differs.
func firstDifference(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			from := max(0, i-3)
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1,
				strings.Join(w[from:min(len(w), i+4)], "\n      "), strings.Join(g[from:min(len(g), i+4)], "\n      "))
		}
	}
	return "(same lines)"
}
