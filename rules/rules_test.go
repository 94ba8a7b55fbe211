package rules_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/rules"
)

// TestRegoUnitTests runs every _test.rego of the built-in policies, so
// `go test ./...` covers the Rego as well as the Go.
func TestRegoUnitTests(t *testing.T) {
	for _, engine := range engines(t) {
		t.Run(engine, func(t *testing.T) {
			modules, err := policy.Builtins(engine)
			if err != nil {
				t.Fatal(err)
			}
			results, err := eval.RunTests(context.Background(), modules, eval.TestOptions{Builtins: builtin.All(imageref.NewSuggester())})
			if err != nil {
				t.Fatal(err)
			}
			if len(results) == 0 {
				t.Fatal("no Rego tests ran")
			}
			for _, r := range results {
				if !r.Pass {
					t.Errorf("%s:%d %s.%s: %s", r.File, r.Line, r.Package, r.Name, r.Failure)
				}
			}
			t.Logf("%d Rego tests", len(results))
		})
	}
}

// TestEveryPolicyHasTests keeps the convention that each policy file has a
// _test.rego beside it or is covered by a shared test file of its folder,
// by checking each rule package is imported by some test.
func TestEveryPolicyHasTests(t *testing.T) {
	for _, engine := range engines(t) {
		modules, err := policy.Builtins(engine)
		if err != nil {
			t.Fatal(err)
		}
		var tests strings.Builder
		for _, m := range modules {
			if m.IsTest() {
				tests.WriteString(m.Source)
			}
		}
		for _, m := range modules {
			if m.IsTest() || strings.HasPrefix(m.File, "rules/lib/") {
				continue
			}
			mod, err := policy.ParseModule(m)
			if err != nil {
				t.Fatal(err)
			}
			pkg := mod.Package.Path.String()
			if !strings.Contains(tests.String(), "import "+pkg+"\n") && !strings.Contains(tests.String(), "import "+pkg+" as ") {
				t.Errorf("%s: package %s is imported by no _test.rego", m.File, pkg)
			}
		}
	}
}

func engines(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, e := range []string{"lint", "diagnose"} {
		if _, err := fs.Stat(rules.FS, e); err == nil {
			out = append(out, e)
		}
	}
	return out
}
