package diagnose

import (
	"context"
	"slices"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// conflictingRunbook fails at run time on every facts document: two values
// for one complete rule.
var conflictingRunbook = policy.Module{File: "team/conflict.rego", User: true, Source: `package conflict

v := 1 if input.kind

v := 2 if input.kind

deny contains sprintf("%v", [v]) if true
`}

// TestDisableDropsEveryPath checks that --disable X leaves no X finding,
// from a built-in diagnosis or from a policy that fails at run time, and
// leaves the others.
func TestDisableDropsEveryPath(t *testing.T) {
	ctx := context.Background()
	snap, err := snapshot.Load([]string{"../../testdata/diagnose/crash-loop-deployment.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rulesOf := func(fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			if !slices.Contains(out, f.Rule) {
				out = append(out, f.Rule)
			}
		}
		return out
	}
	run := func(policies []policy.Module, disable ...string) []string {
		t.Helper()
		d, err := New(ctx, Options{Disable: disable, Policies: policies})
		if err != nil {
			t.Fatal(err)
		}
		res, err := d.Diagnose(ctx, snap, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return rulesOf(res.Findings)
	}
	builtins := run(nil)
	if len(builtins) == 0 {
		t.Fatal("the snapshot gives no finding to disable")
	}
	for _, rule := range builtins {
		if got := run(nil, rule); slices.Contains(got, rule) {
			t.Errorf("--disable %s left %s findings: %v", rule, rule, got)
		}
	}
	if got := run([]policy.Module{conflictingRunbook}); !slices.Contains(got, RulePolicyError) {
		t.Fatalf("a failing policy gave no %s finding: %v", RulePolicyError, got)
	}
	if got := run([]policy.Module{conflictingRunbook}, RulePolicyError); slices.Contains(got, RulePolicyError) {
		t.Errorf("--disable %s left its findings: %v", RulePolicyError, got)
	}
}
