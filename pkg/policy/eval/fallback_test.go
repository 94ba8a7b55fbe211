package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// partialPrefixPolicy is valid Rego that OPA's planner (v1.22) refuses: a
// rule under data.team.limits reads data.team.limits, whose rules are
// planned as one function. topdown evaluates it.
const partialPrefixPolicy = `package main

limits[name] := 1 if some name in input.keys

limits.total := n if n := limits.a + 1

deny contains "limits.total is over 1" if limits.total > 1
`

// TestFallbackNoteNamesFileAndReason compiles a policy set the planner
// refuses: the engine falls back to topdown, still finds what the policy
// says, and its note names the file, the line and the reason.
func TestFallbackNoteNamesFileAndReason(t *testing.T) {
	e, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "policies/limits.rego", Source: partialPrefixPolicy, User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Evaluator() != EvaluatorTopdown {
		t.Fatalf("evaluator = %s, want the topdown fallback", e.Evaluator())
	}
	note := e.FallbackNote()
	for _, want := range []string{"topdown", "policies/limits.rego:5", "reference to data.main.limits is not supported"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q does not say %q", note, want)
		}
	}
	results := evaluate(t, e, map[string]any{"keys": []any{"a"}})
	if len(results) != 1 || results[0].Message != "limits.total is over 1" {
		t.Fatalf("results = %+v", results)
	}

	vm, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "ok.rego", Source: "package main\n\ndeny contains \"x\" if input.x\n", User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if note := vm.FallbackNote(); vm.Evaluator() != EvaluatorVM || note != "" {
		t.Errorf("a policy set the interpreter runs: evaluator %s, note %q", vm.Evaluator(), note)
	}
	td, err := Compile(context.Background(), Config{Engine: "lint", Evaluator: EvaluatorTopdown, Modules: []policy.Module{{File: "policies/limits.rego", Source: partialPrefixPolicy, User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if note := td.FallbackNote(); note != "" {
		t.Errorf("topdown asked for: note %q, want none", note)
	}
}

// TestFallbackNoteNamesInterpreterRefusal: a built-in the interpreter
// refuses is named with the line that calls it.
func TestFallbackNoteNamesInterpreterRefusal(t *testing.T) {
	saved := vmRefuse
	vmRefuse = map[string]bool{"sprintf": true}
	defer func() { vmRefuse = saved }()
	src := "package main\n\ndeny contains msg if {\n\tmsg := sprintf(\"%v\", [input.a])\n}\n"
	e, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "team.rego", Source: src, User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	note := e.FallbackNote()
	for _, want := range []string{"team.rego:4", "built-in sprintf"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q does not say %q", note, want)
		}
	}
}
