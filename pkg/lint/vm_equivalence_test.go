package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// vmAndTopdown returns the linter (whose engine uses the IR interpreter by
// default) and a topdown engine compiled from the same configuration.
func vmAndTopdown(t *testing.T) (*Linter, *eval.Engine) {
	t.Helper()
	ctx := context.Background()
	l, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.engine.Evaluator() != eval.EvaluatorVM {
		t.Fatal("the linter does not use the IR interpreter")
	}
	td, _, err := eval.CompileBuiltins(ctx, "lint", nil, nil, eval.Config{
		Builtins:  builtin.All(imageref.NewSuggester()),
		GoRules:   goRules,
		Evaluator: eval.EvaluatorTopdown,
	})
	if err != nil {
		t.Fatal(err)
	}
	return l, td
}

func compareEngines(t *testing.T, ctx context.Context, run eval.Run, vm, td *eval.Engine, input ast.Value, label string) int {
	t.Helper()
	got, gotErr := vm.Evaluate(ctx, input, run)
	want, wantErr := td.Evaluate(ctx, input, run)
	if (gotErr != nil) != (wantErr != nil) {
		t.Errorf("%s: vm error %v, topdown error %v", label, gotErr, wantErr)
		return 0
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: results differ\nvm:      %+v\ntopdown: %+v", label, got, want)
	}
	return len(want)
}

// TestVMMatchesTopdownWithInventory evaluates the testdata and generated
// corpora of both mixes with the run's inventory, so that the cross-object
// rules fire, on both evaluators.
func TestVMMatchesTopdownWithInventory(t *testing.T) {
	l, td := vmAndTopdown(t)
	sets := map[string][]*manifest.Object{}
	files, _ := filepath.Glob("../../testdata/lint/*.yaml")
	for _, file := range files {
		objects, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		sets[filepath.Base(file)] = objects
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		objects, _ := corpusObjects(t, mix, 300)
		sets["corpus "+mix] = objects
	}
	cross := 0
	for name, objects := range sets {
		ctx, run := context.Background(), l.appRunOf(objects).policy
		for _, o := range objects {
			input, err := eval.ToValue(o.Data)
			if err != nil {
				t.Fatal(err)
			}
			compareEngines(t, ctx, run, l.engine, td, input, fmt.Sprintf("%s %s/%s", name, o.Kind, o.Name))
			results, _ := td.Evaluate(ctx, input, run)
			for _, r := range results {
				if strings.HasPrefix(r.Rule, "missing-reference") || strings.Contains(r.Rule, "selector") {
					cross++
				}
			}
		}
	}
	t.Logf("%d cross-object results", cross)
	if cross == 0 {
		t.Error("no cross-object rule fired: the inventory path is not compared")
	}
}

// TestVMMatchesTopdownOnWrongShapes evaluates the mutated manifests of
// TestBuiltinRulesTolerateWrongShapes with both evaluators.
func TestVMMatchesTopdownOnWrongShapes(t *testing.T) {
	l, td := vmAndTopdown(t)
	files, _ := filepath.Glob("../../testdata/lint/*.yaml")
	replacements := []any{nil, "x", int64(7), []any{"x"}, map[string]any{"k": "v"}}
	evaluations := 0
	ctx := context.Background()
	for _, file := range files {
		objects, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, obj := range objects {
			for _, path := range valuePaths(obj.Data, "", 6) {
				for _, r := range replacements {
					input, err := eval.ToValue(replaceAt(obj.Data, path, r))
					if err != nil {
						t.Fatal(err)
					}
					evaluations++
					compareEngines(t, ctx, eval.Run{}, l.engine, td, input, fmt.Sprintf("%s %s/%s with %s = %#v", filepath.Base(file), obj.Kind, obj.Name, strings.Join(path, "."), r))
				}
			}
		}
	}
	t.Logf("%d evaluations of mutated manifests", evaluations)
	if evaluations < 1000 {
		t.Errorf("only %d evaluations", evaluations)
	}
}
