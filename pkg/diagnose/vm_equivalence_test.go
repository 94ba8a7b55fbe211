package diagnose

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestVMMatchesTopdownOnFacts evaluates every facts document of the
// testdata snapshots, and of a generated cluster, with the IR interpreter
// (the diagnoser's default) and with topdown.
func TestVMMatchesTopdownOnFacts(t *testing.T) {
	ctx := context.Background()
	d, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.engine.Evaluator() != eval.EvaluatorVM {
		t.Fatal("the diagnoser does not use the IR interpreter")
	}
	td, _, err := eval.CompileBuiltins(ctx, "diagnose", nil, nil, eval.Config{Builtins: builtin.All(nil), GoRules: goRules, Evaluator: eval.EvaluatorTopdown})
	if err != nil {
		t.Fatal(err)
	}
	snaps := map[string]*snapshot.Snapshot{}
	paths, _ := filepath.Glob("../../testdata/diagnose/*")
	for _, path := range paths {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".golden") {
			continue
		}
		s, err := snapshot.Load([]string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		snaps[filepath.Base(path)] = s
	}
	var buf bytes.Buffer
	if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 300}); err != nil {
		t.Fatal(err)
	}
	generated, err := snapshot.Load([]string{"-"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	snaps["generated"] = generated
	docs, results := 0, 0
	for name, s := range snaps {
		facts, res := d.Facts(s, Filter{})
		run := eval.Run{Inputs: &builtin.Inputs{Suggester: d.suggester(facts, res.runningImages)}}
		for _, f := range facts {
			input, err := factsValue(f)
			if err != nil {
				t.Fatal(err)
			}
			docs++
			got, gotErr := d.engine.Evaluate(ctx, input, run)
			want, wantErr := td.Evaluate(ctx, input, run)
			if (gotErr != nil) != (wantErr != nil) {
				t.Errorf("%s %s: vm error %v, topdown error %v", name, f.name(), gotErr, wantErr)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: results differ\nvm:      %+v\ntopdown: %+v", name, f.name(), got, want)
			}
			results += len(want)
		}
	}
	t.Logf("%d facts documents, %d results", docs, results)
	if docs < 20 || results == 0 {
		t.Errorf("%d documents, %d results: too few to compare", docs, results)
	}
}
