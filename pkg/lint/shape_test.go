package lint

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// TestBuiltinRulesTolerateWrongShapes replaces, one at a time, every value
// of real manifests with a value of another type (null, a string, a number,
// a list, a mapping) and evaluates the built-in rules. A manifest with a
// wrong shape is reported by unknown-field or invalid-manifest; the rules
// themselves must never fail on it, because a failing policy hides every
// other finding about the object.
func TestBuiltinRulesTolerateWrongShapes(t *testing.T) {
	linter, err := New(context.Background(), Options{Profile: "all"}) // every rule, those off by default too
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/lint/*.yaml")
	replacements := []any{nil, "x", int64(7), []any{"x"}, map[string]any{"k": "v"}}
	evaluations := 0
	for _, file := range files {
		objects, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, obj := range objects {
			// 16 levels reach every value of the testdata, a CronJob's container
			// env entries (10) and affinity expressions (13) included; at 6, three
			// rules that failed on a wrong-typed value deeper down went unseen.
			for _, path := range valuePaths(obj.Data, "", 16) {
				for _, r := range replacements {
					mutated := replaceAt(obj.Data, path, r)
					input, err := eval.ToValue(mutated)
					if err != nil {
						t.Fatal(err)
					}
					evaluations++
					if _, err := linter.engine.Evaluate(context.Background(), input, eval.Run{}); err != nil {
						t.Errorf("%s %s/%s with %s = %#v: %v", filepath.Base(file), obj.Kind, obj.Name, strings.Join(path, "."), r, err)
					}
				}
			}
		}
	}
	t.Logf("%d evaluations of mutated manifests", evaluations)
	if evaluations < 1000 {
		t.Errorf("only %d evaluations: the testdata lost its manifests?", evaluations)
	}
}

// valuePaths lists the paths to every value down to depth; list items are
// addressed by their index as a string key.
func valuePaths(v any, prefix string, depth int) [][]string {
	if depth == 0 {
		return nil
	}
	var out [][]string
	add := func(key string, child any) {
		out = append(out, []string{key})
		for _, p := range valuePaths(child, "", depth-1) {
			out = append(out, append([]string{key}, p...))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			if k == "apiVersion" || k == "kind" {
				continue // the object's identity: a broken one is invalid-manifest
			}
			add(k, child)
		}
	case []any:
		for i, child := range x {
			add(fmt.Sprint(i), child)
		}
	}
	return out
}

// replaceAt returns a deep copy of v with the value at path replaced.
func replaceAt(v any, path []string, replacement any) any {
	if len(path) == 0 {
		return replacement
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			out[k] = child
		}
		out[path[0]] = replaceAt(x[path[0]], path[1:], replacement)
		return out
	case []any:
		out := append([]any(nil), x...)
		var i int
		fmt.Sscan(path[0], &i)
		out[i] = replaceAt(x[i], path[1:], replacement)
		return out
	}
	return v
}

// TestCrossObjectRulesTolerateWrongShapes: a wrong value in an object that
// other objects' rules read through the inventory (a budget's selector, an
// autoscaler's target, a Service's selector...) must not make those rules
// fail either. Each object of a kind the inventory keeps has each of its
// values replaced in turn, and the whole file is linted with every rule on.
func TestCrossObjectRulesTolerateWrongShapes(t *testing.T) {
	linter, err := New(context.Background(), Options{Profile: "all"})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/lint/*.yaml")
	replacements := []any{nil, "x", int64(7), []any{"x"}, map[string]any{"k": "v"}}
	runs := 0
	for _, file := range files {
		objects, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, obj := range objects {
			if _, kept := relatedFields[obj.Kind]; !kept {
				continue
			}
			for _, path := range valuePaths(obj.Data, "", 4) {
				for _, r := range replacements {
					mutated := *obj
					mutated.Data, _ = replaceAt(obj.Data, path, r).(map[string]any)
					if mutated.Data == nil {
						continue
					}
					input := append([]*manifest.Object(nil), objects...)
					input[i] = &mutated
					runs++
					for _, f := range linter.LintObjects(context.Background(), input).Findings {
						if f.Rule == RulePolicyError {
							t.Errorf("%s %s/%s with %s = %#v: %s", filepath.Base(file), obj.Kind, obj.Name, strings.Join(path, "."), r, f.Message)
						}
					}
				}
			}
		}
	}
	t.Logf("%d runs with a mutated related object", runs)
	if runs < 500 {
		t.Errorf("only %d runs: the testdata lost its related objects?", runs)
	}
}
