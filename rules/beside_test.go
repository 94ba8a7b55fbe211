package rules_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/rules"
)

// TestEveryPolicyHasItsOwnTest keeps the convention of issue 16: every
// built-in policy X.rego of lint/ and diagnose/ has X_test.rego beside it,
// and that file imports X's package, so a rule's tests are found next to
// it and a rule without tests cannot be added. (The shared helpers of lib/
// are tested through the rules that use them.)
func TestEveryPolicyHasItsOwnTest(t *testing.T) {
	policies := 0
	for _, dir := range []string{"lint", "diagnose"} {
		entries, err := fs.ReadDir(rules.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".rego") || strings.HasSuffix(name, "_test.rego") {
				continue
			}
			policies++
			file := path.Join(dir, name)
			pkg := packageOf(t, file)
			testFile := strings.TrimSuffix(file, ".rego") + "_test.rego"
			src, err := fs.ReadFile(rules.FS, testFile)
			if err != nil {
				t.Errorf("rules/%s has no rules/%s beside it", file, testFile)
				continue
			}
			mod, err := ast.ParseModuleWithOpts(testFile, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Errorf("rules/%s: %v", testFile, err)
				continue
			}
			if !imports(mod, pkg) {
				t.Errorf("rules/%s does not import %s, the package of rules/%s", testFile, pkg, file)
			}
		}
	}
	if policies == 0 {
		t.Fatal("no built-in policy found: the embedded file system is empty")
	}
}

func packageOf(t *testing.T, file string) string {
	t.Helper()
	src, err := fs.ReadFile(rules.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := ast.ParseModuleWithOpts(file, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatalf("rules/%s: %v", file, err)
	}
	return mod.Package.Path.String()
}

func imports(mod *ast.Module, pkg string) bool {
	for _, imp := range mod.Imports {
		if imp.Path.String() == pkg {
			return true
		}
	}
	return false
}
