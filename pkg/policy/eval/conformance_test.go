package eval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/test/cases"
	opacases "github.com/open-policy-agent/opa/v1/test/cases/testdata"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/types"
	"github.com/open-policy-agent/opa/v1/util"
)

// TestOPAConformance runs OPA's published evaluation test cases (the YAML
// files under v1/test/cases/testdata/v1 of the OPA module go.mod requires,
// embedded in its package testdata) on poddoctor's interpreter of OPA's
// plan, as OPA's own runner (v1/topdown/exported_test.go) runs them on
// topdown: same modules, data, input, query, strict built-in errors, and the
// same comparison of result sets, error codes and error texts.
//
// A case the planner cannot plan, or whose plan the interpreter refuses (the
// engine then falls back to topdown), is skipped with the reason; every
// other case must give OPA's answer. The counts are logged at the end.
func TestOPAConformance(t *testing.T) {
	set, err := loadOPACases()
	if err != nil {
		t.Fatalf("load OPA's conformance cases from module github.com/open-policy-agent/opa/v1/test/cases/testdata: %v", err)
	}
	if len(set.Cases) < 1000 {
		t.Fatalf("found only %d of OPA's conformance cases, want over a thousand: is the OPA module complete?", len(set.Cases))
	}
	var tally conformanceTally
	for _, tc := range set.Sorted().Cases {
		// Notes are unique and start with the case's directory, as in
		// OPA's own runner.
		var o caseOutcome
		passed := t.Run(tc.Note, func(t *testing.T) { runOPACase(t, tc, &o) })
		tally.add(o, !passed)
	}
	t.Log(tally.String())
}

// loadOPACases reads every case file of OPA's v1 suite.
func loadOPACases() (cases.Set, error) {
	var out cases.Set
	err := fs.WalkDir(opacases.V1, "v1", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		bs, err := fs.ReadFile(opacases.V1, p)
		if err != nil {
			return err
		}
		var s cases.Set
		if err := util.Unmarshal(bs, &s); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for i := range s.Cases {
			s.Cases[i].Filename = p
		}
		out.Cases = append(out.Cases, s.Cases...)
		return nil
	})
	return out, err
}

// conformanceTally counts outcomes: passed, failed, and skipped by reason.
type conformanceTally struct {
	total     int
	passed    int
	byCompile int // passed: the wanted error came from the compiler
	failed    int
	skipped   map[string]int
}

func (c *conformanceTally) add(o caseOutcome, failed bool) {
	c.total++
	switch {
	case failed:
		c.failed++
	case o.skipped != "":
		if c.skipped == nil {
			c.skipped = map[string]int{}
		}
		c.skipped[o.skipped]++
	default:
		c.passed++
		if o.compileError {
			c.byCompile++
		}
	}
}

func (c *conformanceTally) String() string {
	var b strings.Builder
	skipped := 0
	reasons := make([]string, 0, len(c.skipped))
	for r, n := range c.skipped {
		skipped += n
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	fmt.Fprintf(&b, "OPA conformance: %d cases, %d passed (%d of them by an error the compiler reports before any plan), %d failed, %d skipped",
		c.total, c.passed, c.byCompile, c.failed, skipped)
	for _, r := range reasons {
		fmt.Fprintf(&b, "\n  skipped %4d: %s", c.skipped[r], r)
	}
	return b.String()
}

// caseOutcome is what a case's run records besides passing or failing.
type caseOutcome struct {
	skipped      string // why the interpreter cannot run the case
	compileError bool   // the case wants an error the compiler reports
}

// runOPACase runs one case on the interpreter. When the interpreter cannot
// run the case, it records why in o and skips the test.
func runOPACase(t *testing.T, tc cases.TestCase, o *caseOutcome) {
	for k, v := range tc.Env {
		t.Setenv(k, v)
	}
	ctx := context.Background()
	caps := ast.CapabilitiesForThisVersion(ast.CapabilitiesExperimentalKeywords(tc.ExperimentalKeywords))
	opts := []func(*rego.Rego){
		rego.Query(tc.Query),
		rego.SetRegoVersion(ast.RegoV1),
		rego.Capabilities(caps),
		rego.Target(vmTarget),
		rego.StrictBuiltinErrors(tc.StrictError),
		testSleep,
	}
	for i, m := range tc.Modules {
		opts = append(opts, rego.Module(fmt.Sprintf("test-%d.rego", i), m))
	}
	var data map[string]any
	if tc.Data != nil {
		data = *tc.Data
	}
	if data == nil {
		data = map[string]any{}
	}
	// The interpreter reads data from the setup below. No store is given:
	// the rego package would check the modules against it, which OPA's
	// runner does not (a base document may shadow a rule's value).
	dataValue, err := ast.InterfaceToValue(data)
	if err != nil {
		t.Fatalf("data: %v", err)
	}
	registerVM()
	setup := &vmSetup{data: dataValue}
	pq, err := rego.New(opts...).PrepareForEval(context.WithValue(ctx, vmSetupKey{}, setup))
	if err != nil {
		if reason := unplannable(err); reason != "" {
			o.skipped = reason
			t.Skip(reason + ": " + err.Error())
		}
		// Errors found while compiling (type errors, conflicts the compiler
		// sees) are part of what a case may expect.
		o.compileError = true
		checkOPAOutcome(t, tc, nil, err)
		return
	}
	if setup.prog == nil {
		t.Fatal("the rego package did not prepare the interpreter")
	}
	var evalOpts []rego.EvalOption
	if tc.InputTerm != nil {
		term, err := ast.ParseTerm(*tc.InputTerm)
		if err != nil {
			t.Fatalf("input_term: %v", err)
		}
		evalOpts = append(evalOpts, rego.EvalParsedInput(term.Value))
	} else if tc.Input != nil {
		v, err := ast.InterfaceToValue(*tc.Input)
		if err != nil {
			t.Fatalf("input: %v", err)
		}
		evalOpts = append(evalOpts, rego.EvalParsedInput(v))
	}
	rs, err := pq.Eval(ctx, evalOpts...)
	if err != nil && tc.WantResult != nil {
		// A case may want both: topdown's runner returns the results found
		// besides a strict built-in error, and so does the interpreter,
		// but the rego package drops them.
		rs = evalDirect(t, setup.prog, evalOpts, tc)
	}
	checkOPAOutcome(t, tc, rs, err)
}

// testSleep is the test.sleep built-in OPA's runner registers: it sleeps.
var testSleep = rego.Function1(&rego.Function{
	Name: "test.sleep",
	Decl: types.NewFunction(types.Args(types.S), types.NewNull()),
}, func(_ rego.BuiltinContext, op *ast.Term) (*ast.Term, error) {
	d, err := time.ParseDuration(string(op.Value.(ast.String)))
	if err != nil {
		return nil, err
	}
	time.Sleep(d)
	return ast.NullTerm(), nil
})

// evalDirect evaluates the interpreter's program without the rego package
// and reads its result set as the rego package would.
func evalDirect(t *testing.T, prog *vmProgram, evalOpts []rego.EvalOption, tc cases.TestCase) rego.ResultSet {
	t.Helper()
	var input ast.Value
	if tc.InputTerm != nil {
		input = ast.MustParseTerm(*tc.InputTerm).Value
	} else if tc.Input != nil {
		input = ast.MustInterfaceToValue(*tc.Input)
	}
	out, _ := prog.eval(context.Background(), input, vmEvalOptions{strict: tc.StrictError})
	set, ok := out.(ast.Set)
	if !ok {
		return nil
	}
	var rs rego.ResultSet
	for _, r := range set.Slice() {
		obj, ok := r.Value.(ast.Object)
		if !ok {
			t.Fatalf("result %v is not an object", r)
		}
		res := rego.Result{Bindings: rego.Vars{}}
		obj.Foreach(func(k, v *ast.Term) {
			name := string(k.Value.(ast.String))
			if strings.HasPrefix(name, "__") || strings.HasPrefix(name, "$") {
				return
			}
			x, err := ast.JSON(v.Value)
			if err != nil {
				t.Fatal(err)
			}
			res.Bindings[name] = x
		})
		rs = append(rs, res)
	}
	return rs
}

// unplannable says why a case cannot run on the interpreter ("" when it
// can): the planner rejects the policy, or the interpreter refuses its plan.
func unplannable(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, errVMUnsupported):
		return "the interpreter does not support the plan (the engine falls back to topdown)"
	// The planner's refusals (internal/planner of the OPA module).
	case strings.Contains(msg, "not implemented"),
		strings.Contains(msg, "rules sharing that path prefix are planned as a single function"),
		strings.Contains(msg, "illegal call"), strings.Contains(msg, "invalid with target"):
		return "the planner cannot plan it"
	}
	return ""
}

// checkOPAOutcome compares a result set or error with what the case wants,
// as OPA's topdown runner does.
func checkOPAOutcome(t *testing.T, tc cases.TestCase, rs rego.ResultSet, err error) {
	t.Helper()
	if tc.WantError != nil {
		if err == nil {
			t.Fatalf("want error %q, got result %v", *tc.WantError, rs)
		}
		if !strings.Contains(err.Error(), *tc.WantError) {
			t.Fatalf("want error text %q, got %q", *tc.WantError, err.Error())
		}
	}
	if tc.WantErrorCode != nil {
		if err == nil {
			t.Fatalf("want error code %q, got result %v", *tc.WantErrorCode, rs)
		}
		if code := errorCode(err); code != *tc.WantErrorCode {
			t.Fatalf("want error code %q, got %q (%v)", *tc.WantErrorCode, code, err)
		}
	}
	if err != nil && tc.WantError == nil && tc.WantErrorCode == nil {
		t.Fatalf("unexpected error: %v", err)
	}
	switch {
	case tc.WantResult != nil:
		exp := ast.NewSet()
		for _, b := range *tc.WantResult {
			obj := ast.NewObject()
			for k, v := range b {
				if tc.IgnoreGeneratedVars && strings.HasPrefix(k, "__localq") {
					continue
				}
				obj.Insert(ast.StringTerm(k), ast.NewTerm(ast.MustInterfaceToValue(v)))
			}
			exp.Add(ast.NewTerm(obj))
		}
		got := ast.NewSet()
		for _, r := range rs {
			obj := ast.NewObject()
			for k, v := range r.Bindings {
				if tc.SortBindings {
					if arr, ok := v.([]any); ok {
						slices.SortFunc(arr, util.Compare)
					}
				}
				obj.Insert(ast.StringTerm(k), ast.NewTerm(ast.MustInterfaceToValue(v)))
			}
			got.Add(ast.NewTerm(obj))
		}
		if exp.Compare(got) != 0 {
			t.Fatalf("unexpected query result:\nexp: %v\ngot: %v", exp, got)
		}
	case tc.WantDefined != nil:
		if defined := len(rs) > 0; defined != *tc.WantDefined {
			t.Fatalf("defined = %v, want %v", defined, *tc.WantDefined)
		}
	case tc.WantError == nil && tc.WantErrorCode == nil:
		t.Fatal("the case wants none of: want_result, want_defined, want_error_code, want_error")
	}
}

// errorCode is the code of a topdown or compile error.
func errorCode(err error) string {
	var terr *topdown.Error
	if errors.As(err, &terr) {
		return terr.Code
	}
	var aerrs ast.Errors
	if errors.As(err, &aerrs) && len(aerrs) > 0 {
		return aerrs[0].Code
	}
	var aerr *ast.Error
	if errors.As(err, &aerr) {
		return aerr.Code
	}
	return ""
}
