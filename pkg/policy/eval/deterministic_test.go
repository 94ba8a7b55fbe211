package eval

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/policy"

	"github.com/open-policy-agent/opa/v1/ast"
)

// callOf writes a call of built-in name with as many arguments as it takes,
// each read from the input, so that the policy compiles whatever the
// argument types.
func callOf(b *ast.Builtin) string {
	args := make([]string, len(b.Decl.FuncArgs().Args))
	for i := range args {
		args[i] = fmt.Sprintf("input.a%d", i)
	}
	return fmt.Sprintf("%s(%s)", b.Name, strings.Join(args, ", "))
}

// TestNondeterministicBuiltinsDoNotCompile: every built-in OPA marks as
// nondeterministic, and those that read the clock, fail to compile in a
// lint policy with a message naming the file, the line and the built-in.
// A new OPA built-in of the kind fails this test until it is handled.
func TestNondeterministicBuiltinsDoNotCompile(t *testing.T) {
	names := map[string]bool{}
	for name := range unavailable {
		names[name] = true
	}
	for name := range unavailableInLint {
		names[name] = true
	}
	for _, b := range ast.CapabilitiesForThisVersion().Builtins {
		if b.Nondeterministic {
			names[b.Name] = true
		}
	}
	for name := range names {
		b := ast.BuiltinMap[name]
		if b == nil {
			t.Errorf("%s is not an OPA built-in any more", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			src := fmt.Sprintf("package team\n\ndeny contains msg if {\n  x := %s\n  msg := sprintf(\"%%v\", [x])\n}\n", callOf(b))
			_, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "team/clock.rego", Source: src, User: true}}})
			if err == nil {
				t.Fatalf("a lint policy calling %s compiled", name)
			}
			removed := "undefined function " + name
			named := "team/clock.rego:4: " + name + " is not available to lint policies: "
			if !strings.Contains(err.Error(), named) && !strings.Contains(err.Error(), removed) {
				t.Errorf("error = %v, want it to name the file, line and built-in", err)
			}
		})
	}
}

// TestDiagnosisClockIsTheCaptureTime: in a diagnosis policy time.now_ns
// is the clock the evaluation is given, on both evaluators, whatever the
// wall clock says; so the same snapshot gives the same output.
func TestDiagnosisClockIsTheCaptureTime(t *testing.T) {
	captured := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	src := "package runbooks\n\ndeny contains msg if {\n  msg := sprintf(\"now=%d\", [time.now_ns()])\n}\n"
	for _, evaluator := range []string{EvaluatorVM, EvaluatorTopdown} {
		t.Run(evaluator, func(t *testing.T) {
			e, err := Compile(context.Background(), Config{Engine: "diagnose", Evaluator: evaluator, Conftest: Conftest{AllNamespaces: true}, Modules: []policy.Module{{File: "runbooks.rego", Source: src, User: true}}})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := ToValue(map[string]any{"kind": "Pod"})
			ctx, run := context.Background(), Run{Now: captured}
			want := fmt.Sprintf("now=%d", captured.UnixNano())
			for range 2 {
				results, err := e.Evaluate(ctx, v, run)
				if err != nil {
					t.Fatal(err)
				}
				if len(results) != 1 || results[0].Message != want {
					t.Fatalf("results = %+v, want one %q", results, want)
				}
			}
		})
	}
}

// TestClockReadingBuiltinsDoNotPanic feeds the built-ins that read the
// clock, allowed in a diagnosis, arguments of every shape: each answers
// or fails with an error, and never takes the evaluation down.
func TestClockReadingBuiltinsDoNotPanic(t *testing.T) {
	values := []any{nil, "", "x.y.z", "eyJhbGciOiJub25lIn0.e30.", 42, []any{1}, map[string]any{"cert": 1, "time": "x"}}
	for name := range unavailableInLint {
		b := ast.BuiltinMap[name]
		src := fmt.Sprintf("package runbooks\n\ndeny contains msg if {\n  x := %s\n  msg := sprintf(\"%%v\", [x])\n}\n", callOf(b))
		e, err := Compile(context.Background(), Config{Engine: "diagnose", Conftest: Conftest{AllNamespaces: true}, Modules: []policy.Module{{File: "runbooks.rego", Source: src, User: true}}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, a := range values {
			input := map[string]any{}
			for i := range len(b.Decl.FuncArgs().Args) {
				input[fmt.Sprintf("a%d", i)] = a
			}
			v, _ := ToValue(input)
			_, err := e.Evaluate(context.Background(), v, Run{Now: time.Unix(0, 0)})
			if err != nil && strings.Contains(err.Error(), "panicked") {
				t.Errorf("%s(%v) panicked: %v", name, a, err)
			}
		}
	}
}
