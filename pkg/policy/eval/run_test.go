package eval

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// TestRunInputsReachTheBuiltinsOfThatEvaluation shares one engine between
// concurrent evaluations, each with its own Run.Inputs, on both
// evaluators: every evaluation's built-in sees its own inputs (none when
// the Run has none), never another's, although the interpreter's pooled
// state is reused between them.
func TestRunInputsReachTheBuiltinsOfThatEvaluation(t *testing.T) {
	echo := Builtin{
		Decl: &rego.Function{Name: "test.run_inputs", Decl: types.NewFunction(nil, types.S)},
		Func: func(_ rego.BuiltinContext, inputs any, _ []*ast.Term) (*ast.Term, error) {
			if inputs == nil {
				return ast.StringTerm("none"), nil
			}
			return ast.StringTerm(fmt.Sprint(inputs)), nil
		},
	}
	src := "package main\n\ndeny contains test.run_inputs() if true\n"
	for _, evaluator := range []string{EvaluatorVM, EvaluatorTopdown} {
		t.Run(evaluator, func(t *testing.T) {
			e, err := Compile(context.Background(), Config{
				Engine: "lint", Evaluator: evaluator, Builtins: []Builtin{echo},
				Modules: []policy.Module{{File: "main.rego", Source: src, User: true}},
			})
			if err != nil {
				t.Fatal(err)
			}
			if e.Evaluator() != evaluator {
				t.Fatalf("evaluator %s, want %s: %s", e.Evaluator(), evaluator, e.FallbackNote())
			}
			input, err := ToValue(map[string]any{"kind": "Pod"})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 200)
			for i := range 200 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var run Run
					want := "none"
					if i%3 != 0 {
						run.Inputs = fmt.Sprintf("run-%d", i)
						want = run.Inputs.(string)
					}
					results, err := e.Evaluate(context.Background(), input, run)
					if err != nil {
						errs <- err
						return
					}
					if len(results) != 1 || results[0].Message != want {
						errs <- fmt.Errorf("evaluation %d: results %+v, want one with message %q", i, results, want)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}
