package policy

import (
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

func TestRegistryRejectsIncompleteRules(t *testing.T) {
	base := finding.Rule{ID: "good-rule", Engine: "lint", Description: "d", Remedy: "r", Source: "test"}
	r := NewRegistry()
	if err := r.Register(base); err != nil {
		t.Fatal(err)
	}
	bad := map[string]finding.Rule{
		"duplicate":      base,
		"not kebab":      {ID: "Bad_Rule", Engine: "lint", Description: "d", Remedy: "r"},
		"no description": {ID: "no-desc", Engine: "lint", Remedy: "r"},
		"no remedy":      {ID: "no-remedy", Engine: "lint", Description: "d"},
		"no engine":      {ID: "no-engine", Description: "d", Remedy: "r"},
	}
	for name, rule := range bad {
		if err := r.Register(rule); err == nil {
			t.Errorf("%s: Register(%+v) succeeded, want an error", name, rule)
		}
	}
}
