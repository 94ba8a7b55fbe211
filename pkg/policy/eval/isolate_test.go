package eval

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// privilegedHostPod is a pod two built-in rules always flag:
// privileged-container and host-namespace.
func privilegedHostPod() map[string]any {
	p := pod("nginx:1.25")
	spec := p["spec"].(map[string]any)
	spec["hostNetwork"] = true
	c := spec["containers"].([]any)[0].(map[string]any)
	c["securityContext"].(map[string]any)["privileged"] = true
	return p
}

// panickingBuiltin is a built-in that panics, as a buggy Go built-in
// would: no real one is known to, so a test injects it.
func panickingBuiltin() Builtin {
	return Builtin{
		Decl: &rego.Function{Name: "test.explode", Decl: types.NewFunction(types.Args(types.A), types.A)},
		Func: func(rego.BuiltinContext, any, []*ast.Term) (*ast.Term, error) {
			panic("index out of range [3] with length 3")
		},
	}
}

// TestFailingPolicyCostsOnlyItsResults breaks a team policy in each way a
// policy can fail at run time and checks that the built-in rules' findings
// about the same object stay, and that exactly one error names the broken
// policy's file, rule and (where the evaluator knows it) line.
func TestFailingPolicyCostsOnlyItsResults(t *testing.T) {
	tests := []struct {
		name     string
		source   string
		data     map[string]any
		timeout  time.Duration
		wantFile string // file:line, or file alone when no line is known
		wantRule string
		wantText string
	}{
		{
			name:     "runtime error in a built-in function",
			source:   "package team\n\ndeny contains msg if {\n  n := to_number(input.metadata.name)\n  msg := sprintf(\"%v\", [n])\n}\n",
			wantFile: "team.rego:4", wantRule: "team.deny", wantText: "to_number",
		},
		{
			name:     "conflicting values",
			source:   "package team\n\nname := input.metadata.name\nname := \"other\"\n\ndeny contains name if true\n",
			wantFile: "team.rego:4", wantRule: "team.name", wantText: "eval_conflict_error",
		},
		{
			name:     "panic inside a built-in",
			source:   "package team\n\ndeny contains msg if {\n  msg := test.explode(input.kind)\n}\n",
			wantFile: "team.rego:4", wantRule: "team.deny", wantText: "test.explode panicked: index out of range",
		},
		{
			name:     "time-out",
			source:   "package team\n\ndeny contains msg if {\n  n := count([x | some x in numbers.range(1, 100000000)])\n  msg := sprintf(\"%d\", [n])\n}\n",
			timeout:  50 * time.Millisecond,
			wantFile: "team.rego", wantRule: "team.deny", wantText: "took longer than 50ms",
		},
		{
			name:     "result of the wrong shape",
			source:   "package team\n\n# a number is no finding\ndeny contains 42 if true\n",
			wantFile: "team.rego:4", wantRule: "team.deny", wantText: "must be a string or an object with msg",
		},
		{
			name:     "result without msg",
			source:   "package team\n\nwarn contains {\"message\": \"x\"} if true\n",
			wantFile: "team.rego:3", wantRule: "team.warn", wantText: "needs a string msg",
		},
		{
			name:     "params entry of the wrong shape",
			source:   "package team\n\ndeny contains msg if {\n  some prefix in data.poddoctor.params.team.prefixes\n  startswith(input.metadata.name, prefix)\n  msg := \"reserved name\"\n}\n",
			data:     map[string]any{"params": map[string]any{"team": map[string]any{"prefixes": []any{7}}}},
			wantFile: "team.rego:5", wantRule: "team.deny", wantText: "startswith",
		},
	}
	for _, evaluator := range []string{EvaluatorVM, EvaluatorTopdown} {
		for _, tt := range tests {
			t.Run(evaluator+"/"+tt.name, func(t *testing.T) {
				e := compileLint(t, Config{
					Evaluator: evaluator, Timeout: tt.timeout, Data: tt.data,
					// The team's package is not main: conftest's default
					// selection would leave it out.
					Conftest: Conftest{AllNamespaces: true},
					Modules:  []policy.Module{{File: "team.rego", Source: tt.source, User: true}},
					Builtins: append(builtin.All(imageref.NewSuggester()), panickingBuiltin()),
				})
				v, err := ToValue(privilegedHostPod())
				if err != nil {
					t.Fatal(err)
				}
				results, err := e.Evaluate(context.Background(), v, Run{})
				var failed EvaluationErrors
				if !errors.As(err, &failed) || len(failed) != 1 {
					t.Fatalf("error = %v, want one failed policy", err)
				}
				msg := failed[0].Error()
				for _, want := range []string{"policy " + tt.wantFile, "rule " + tt.wantRule + " ", tt.wantText} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q does not contain %q", msg, want)
					}
				}
				got := strings.Join(rulesOf(results), " ")
				for _, want := range []string{"privileged-container", "host-namespace"} {
					if !strings.Contains(got, want) {
						t.Errorf("results %s lost %s", got, want)
					}
				}
				for _, r := range results {
					if r.Package == "team" {
						t.Errorf("the failed package still gave %+v", r)
					}
				}
			})
		}
	}
}

// TestHealthyPackagesKeepResultsBesideABrokenOne puts a working and a
// broken team package side by side: only the broken one's results go.
func TestHealthyPackagesKeepResultsBesideABrokenOne(t *testing.T) {
	e := compileLint(t, Config{Conftest: Conftest{AllNamespaces: true}, Modules: []policy.Module{
		{File: "good.rego", Source: "package good\n\ndeny contains \"good finding\" if true\n", User: true},
		{File: "bad.rego", Source: "package bad\n\ndeny contains x if {\n  x := to_number(\"no\")\n}\n", User: true},
	}})
	v, _ := ToValue(privilegedHostPod())
	results, err := e.Evaluate(context.Background(), v, Run{})
	var failed EvaluationErrors
	if !errors.As(err, &failed) || len(failed) != 1 || failed[0].Package != "bad" {
		t.Fatalf("error = %v, want package bad alone", err)
	}
	found := false
	for _, r := range results {
		found = found || r.Message == "good finding"
	}
	if !found {
		t.Errorf("the good package's finding is lost: %v", rulesOf(results))
	}
}

// TestCancelledEvaluationIsNoPolicyError: the caller's own cancellation is
// not blamed on any policy.
func TestCancelledEvaluationIsNoPolicyError(t *testing.T) {
	e := compileLint(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	v, _ := ToValue(privilegedHostPod())
	_, err := e.Evaluate(ctx, v, Run{})
	var failed EvaluationErrors
	if err == nil || errors.As(err, &failed) {
		t.Fatalf("error = %v, want the cancellation", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

// TestIsolationKeepsConftestExceptions: when a broken package sends the
// evaluation to one query per package, a healthy package's conftest
// exceptions still hold there: the excepted rule stays off and is
// reported as an exception, and its other rules keep their results.
func TestIsolationKeepsConftestExceptions(t *testing.T) {
	for _, evaluator := range []string{EvaluatorVM, EvaluatorTopdown} {
		t.Run(evaluator, func(t *testing.T) {
			e := compileLint(t, Config{Evaluator: evaluator, Conftest: Conftest{AllNamespaces: true}, Modules: []policy.Module{
				{File: "main.rego", User: true, Source: "package main\n\n" +
					"deny contains \"runs as root\" if true\n\n" +
					"deny_privileged contains \"privileged\" if true\n\n" +
					"exception contains rules if {\n  rules := [\"privileged\"]\n}\n"},
				{File: "bad.rego", User: true, Source: "package bad\n\ndeny contains x if {\n  x := to_number(\"no\")\n}\n"},
			}})
			v, _ := ToValue(privilegedHostPod())
			results, err := e.Evaluate(context.Background(), v, Run{})
			var failed EvaluationErrors
			if !errors.As(err, &failed) || len(failed) != 1 || failed[0].Package != "bad" {
				t.Fatalf("error = %v, want package bad alone", err)
			}
			var kept, excepted []string
			for _, r := range results {
				if r.Package != "main" {
					continue
				}
				if r.Exception {
					excepted = append(excepted, r.Message)
				} else {
					kept = append(kept, r.Message)
				}
			}
			if !slices.Equal(kept, []string{"runs as root"}) {
				t.Errorf("main's results = %q, want only %q", kept, "runs as root")
			}
			if len(excepted) != 1 || !strings.Contains(excepted[0], `exception[_][_] == "privileged"`) {
				t.Errorf("main's exceptions = %q, want the privileged rule's", excepted)
			}
		})
	}
}
