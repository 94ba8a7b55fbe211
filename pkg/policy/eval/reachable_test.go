package eval

import (
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestWithoutUnusedLibraries keeps a library module exactly when a kept
// module can read it.
func TestWithoutUnusedLibraries(t *testing.T) {
	libs := map[string]string{
		"k8s.rego":       "package poddoctor.lib.k8s\ncontainers := 1\n",
		"k8s_more.rego":  "package poddoctor.lib.k8s\nmore := containers\n",
		"crash.rego":     "package poddoctor.lib.crash\nx := data.poddoctor.lib.words.y\n",
		"words.rego":     "package poddoctor.lib.words\ny := 1\n",
		"unrelated.rego": "package poddoctor.lib.other\nz := 1\n",
	}
	cases := []struct {
		name, rule string
		want       []string
	}{
		{"import", "package p\nimport data.poddoctor.lib.k8s\nf := k8s.containers\n", []string{"k8s.rego", "k8s_more.rego"}},
		{"full reference, and what that library reads", "package p\nf := data.poddoctor.lib.crash.x\n", []string{"crash.rego", "words.rego"}},
		{"the library root", "package p\nimport data.poddoctor.lib\nf := lib.k8s.containers\n", []string{"crash.rego", "k8s.rego", "k8s_more.rego", "unrelated.rego", "words.rego"}},
		{"a dynamic reference", "package p\nf := data.poddoctor[input.x]\n", []string{"crash.rego", "k8s.rego", "k8s_more.rego", "unrelated.rego", "words.rego"}},
		{"data whole", "package p\nf := count(data)\n", []string{"crash.rego", "k8s.rego", "k8s_more.rego", "unrelated.rego", "words.rego"}},
		{"nothing", "package p\nf := 1\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parsed := map[string]*ast.Module{"p.rego": ast.MustParseModuleWithOpts(c.rule, ast.ParserOptions{RegoVersion: ast.RegoV1})}
			libraries := map[string]bool{}
			for file, src := range libs {
				parsed[file] = ast.MustParseModuleWithOpts(src, ast.ParserOptions{RegoVersion: ast.RegoV1})
				libraries[file] = true
			}
			var got []string
			for file := range withoutUnusedLibraries(parsed, libraries) {
				if file != "p.rego" {
					got = append(got, file)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("kept %v, want %v", got, c.want)
			}
		})
	}
}

// TestLintCompilesNoDiagnosisLibrary checks that a lint engine leaves out
// the diagnosis helpers and keeps those its rules read.
func TestLintCompilesNoDiagnosisLibrary(t *testing.T) {
	e, err := compileModules(context.Background(), lintConfig())
	if err != nil {
		t.Fatal(err)
	}
	modules := e.policies.compiler.Modules
	for _, file := range []string{"rules/lib/crash.rego", "rules/lib/diagnose.rego"} {
		if modules[file] != nil {
			t.Errorf("%s is compiled into the lint engine", file)
		}
	}
	for _, file := range []string{"rules/lib/k8s.rego", "rules/lib/k8s_semantics.rego", "rules/lib/workloads.gen.rego"} {
		if modules[file] == nil {
			t.Errorf("%s is not compiled into the lint engine", file)
		}
	}
}
