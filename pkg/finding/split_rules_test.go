package finding

import (
	"slices"
	"testing"
)

func TestExpandRuleIDs(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{nil, []string{}},
		{[]string{"latest-tag"}, []string{"latest-tag"}},
		{[]string{"missing-resource-requests"}, []string{"missing-cpu-request", "missing-memory-request"}},
		// the old id and a successor named together: each successor once
		{[]string{"missing-memory-request", "missing-resource-requests", "no-such-rule"}, []string{"missing-memory-request", "missing-cpu-request", "no-such-rule"}},
	}
	for _, tt := range tests {
		if got := ExpandRuleIDs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ExpandRuleIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRuleNames(t *testing.T) {
	if got, want := RuleNames("missing-cpu-request"), []string{"missing-cpu-request", "missing-resource-requests"}; !slices.Equal(got, want) {
		t.Errorf("RuleNames(missing-cpu-request) = %q, want %q", got, want)
	}
	if got, want := RuleNames("latest-tag"), []string{"latest-tag"}; !slices.Equal(got, want) {
		t.Errorf("RuleNames(latest-tag) = %q, want %q", got, want)
	}
	if got, want := SplitRuleSuccessors("missing-resource-requests"), []string{"missing-cpu-request", "missing-memory-request"}; !slices.Equal(got, want) {
		t.Errorf("SplitRuleSuccessors(missing-resource-requests) = %q, want %q", got, want)
	}
	if got := SplitRuleSuccessors("latest-tag"); got != nil {
		t.Errorf("SplitRuleSuccessors(latest-tag) = %q, want nil", got)
	}
	if got := SplitRuleIDs(); !slices.Contains(got, "missing-resource-requests") {
		t.Errorf("SplitRuleIDs() = %q, want missing-resource-requests among them", got)
	}
}
