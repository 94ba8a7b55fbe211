package peerchecks

import (
	"sort"
	"strings"
	"testing"
)

// TestDifferencesNamePeerChecks keeps every entry in the "tool:check" shape
// custom.peers uses, with a reason, so docs/rules.md and bench/peers can
// join it to the peer mapping.
func TestDifferencesNamePeerChecks(t *testing.T) {
	tools := map[string]bool{"kube-linter": true, "kube-score": true, "polaris": true}
	all := All()
	if len(all) == 0 {
		t.Fatal("no differences")
	}
	for _, d := range all {
		tool, check, ok := strings.Cut(d.Check, ":")
		if !ok || !tools[tool] || check == "" || strings.ToLower(check) != check && tool != "polaris" {
			t.Errorf("%q is not tool:check of a known peer", d.Check)
		}
		if strings.TrimSpace(d.Why) == "" || strings.Contains(d.Why, "|") {
			t.Errorf("%s: the reason must be non-empty text without |, which would break the markdown table", d.Check)
		}
		why, ok := Why(d.Check)
		if !ok || why != d.Why {
			t.Errorf("Why(%q) = %q, %v; want the entry of All", d.Check, why, ok)
		}
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Check < all[j].Check }) {
		t.Error("All is not sorted by check")
	}
	if _, ok := Why("kube-linter:latest-tag"); ok {
		t.Error("Why reports a difference for a check poddoctor agrees with")
	}
}

func TestParse(t *testing.T) {
	tests := map[string][2]string{
		"kube-linter:latest-tag":          {"kube-linter:latest-tag", ""},
		"kube-linter:docker-sock@warning": {"kube-linter:docker-sock", "warning"},
	}
	for in, want := range tests {
		check, sev := Parse(in)
		if check != want[0] || sev != want[1] {
			t.Errorf("Parse(%q) = %q, %q; want %q, %q", in, check, sev, want[0], want[1])
		}
	}
}
