package cli

import (
	"slices"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestAtOrAbove: --min-severity keeps the findings at or above it, in
// order, and never changes the caller's slice; when none is below, the
// findings are passed on as they are, without a copy.
func TestAtOrAbove(t *testing.T) {
	findings := []finding.Finding{
		{Rule: "a", Severity: finding.Error},
		{Rule: "b", Severity: finding.Info},
		{Rule: "c", Severity: finding.Warning},
	}
	before := slices.Clone(findings)
	rules := func(fs []finding.Finding) []string {
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.Rule)
		}
		return ids
	}
	if got := atOrAbove(findings, finding.Warning); !slices.Equal(rules(got), []string{"a", "c"}) {
		t.Errorf("at or above warning: %v, want [a c]", rules(got))
	}
	if !slices.EqualFunc(findings, before, func(x, y finding.Finding) bool { return x.Rule == y.Rule }) {
		t.Errorf("the caller's findings changed: %v", rules(findings))
	}
	all := atOrAbove(findings, finding.Info)
	if len(all) != 3 || &all[0] != &findings[0] {
		t.Errorf("at or above info: %v, want the same slice", rules(all))
	}
	if got := atOrAbove(nil, finding.Error); got != nil {
		t.Errorf("no findings: %v", got)
	}
}
