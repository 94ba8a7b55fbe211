package rules_test

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/redact"
	"github.com/poddoctor/poddoctor/rules"
)

// TestSecretSettingWordsMatchRedact holds secret-in-env's metadata_words
// (which secret-in-configmap reuses) equal to pkg/redact's: a name the
// redactor treats as a setting about a secret must not be reported as a
// secret, and the other way round.
func TestSecretSettingWordsMatchRedact(t *testing.T) {
	const file = "lint/secret_in_env.rego"
	src, err := fs.ReadFile(rules.FS, file)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := policy.ParseModule(policy.Module{File: "rules/" + file, Source: string(src)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range mod.Rules {
		if r.Head.Name.String() != "metadata_words" {
			continue
		}
		set, ok := r.Head.Value.Value.(ast.Set)
		if !ok {
			t.Fatalf("metadata_words is %T, want a set literal", r.Head.Value.Value)
		}
		set.Foreach(func(term *ast.Term) {
			if s, ok := term.Value.(ast.String); ok {
				got = append(got, string(s))
			}
		})
	}
	slices.Sort(got)
	if want := redact.MetadataWords(); !slices.Equal(got, want) {
		t.Errorf("%s metadata_words = %q\npkg/redact MetadataWords = %q", file, got, want)
	}
}
