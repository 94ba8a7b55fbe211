package eval

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// TestResult is the outcome of one Rego test rule (`test_...`).
type TestResult struct {
	Package  string
	Name     string
	File     string
	Line     int
	Pass     bool
	Skipped  bool
	Failure  string // the error or "test failed" when it did not pass
	Duration time.Duration
}

// TestOptions are what a test run gives the policies besides their
// modules.
type TestOptions struct {
	// Builtins are the Go built-ins the policies may call, as in an
	// engine (pkg/policy/builtin.All); they get no Run.Inputs.
	Builtins []Builtin
	// Documents are read at the root of data (conftest's --data).
	Documents map[string]any
}

// RunTests runs the Rego unit tests among modules with OPA's tester, the
// given built-ins available just as in an engine. It is what `go test`
// runs over the built-in rules and what `poddoctor test-policies` runs
// over a team's (with --data documents, as conftest verify runs them).
func RunTests(ctx context.Context, modules []policy.Module, opts TestOptions) ([]TestResult, error) {
	parsed := make(map[string]*ast.Module, len(modules))
	for _, m := range modules {
		mod, err := policy.ParseModule(m)
		if err != nil {
			return nil, err
		}
		parsed[m.File] = mod
	}
	own := opts.Builtins
	compilerBuiltins := make(map[string]*ast.Builtin, len(own))
	custom := make([]*tester.Builtin, 0, len(own))
	for _, b := range own {
		decl := compilerBuiltin(b)
		compilerBuiltins[b.Decl.Name] = decl
		custom = append(custom, &tester.Builtin{Decl: decl, Func: regoOption(b)})
	}
	compiler := ast.NewCompiler().
		WithDefaultRegoVersion(ast.RegoV1).
		WithCapabilities(capabilities(own)).
		WithBuiltins(compilerBuiltins).
		WithEnablePrintStatements(true)
	runner := tester.NewRunner().
		SetCompiler(compiler).
		SetDefaultRegoVersion(ast.RegoV1).
		AddCustomBuiltins(custom).
		RaiseBuiltinErrors(true).
		SetTimeout(30 * time.Second)
	if len(opts.Documents) > 0 {
		runner = runner.SetStore(inmem.NewFromObject(storeDocument(Config{Documents: opts.Documents})))
	}
	ch, err := runner.Run(ctx, parsed)
	if err != nil {
		return nil, fmt.Errorf("run policy tests: %w", err)
	}
	var results []TestResult
	for r := range ch {
		tr := TestResult{
			Package:  r.Package,
			Name:     r.Name,
			Pass:     r.Pass(),
			Skipped:  r.Skip,
			Duration: r.Duration,
		}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		switch {
		case r.Error != nil:
			tr.Pass = false
			tr.Failure = r.Error.Error()
		case r.Fail:
			tr.Failure = "test failed"
		}
		results = append(results, tr)
	}
	sort.Slice(results, func(i, j int) bool {
		if results[i].File != results[j].File {
			return results[i].File < results[j].File
		}
		return results[i].Line < results[j].Line
	})
	return results, nil
}
