package policy

import (
	"fmt"
	"slices"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Profiles are the named sets of rules a run can select, each including
// the one before it: "default" holds the high-precision checks that are on
// unless disabled; "strict" adds the opinionated production-readiness
// checks (replicas, disruption budgets, anti-affinity, NetworkPolicy
// coverage); "all" adds the rest (priority classes, requests equal to
// limits, CPU limits everywhere), which are right for some teams and noise
// for others.
var Profiles = []string{"default", "strict", "all"}

// ParseProfile checks a profile name; "" is the default profile.
func ParseProfile(name string) (string, error) {
	if name == "" {
		return "default", nil
	}
	if !slices.Contains(Profiles, name) {
		return "", fmt.Errorf("unknown profile %q: valid profiles are default, strict, all", name)
	}
	return name, nil
}

// normalizeProfile gives a rule without a profile (Go rules, user
// policies) the default one, and fills EnabledByDefault.
func normalizeProfile(rule *finding.Rule) error {
	p, err := ParseProfile(rule.Profile)
	if err != nil {
		return fmt.Errorf("rule %q (%s): METADATA custom.profile: %w", rule.ID, rule.Source, err)
	}
	rule.Profile = p
	rule.EnabledByDefault = p == "default"
	return nil
}

// Selected reports whether a run with the given profile and explicitly
// enabled ids runs the rule (before --disable, which always wins).
func Selected(rule finding.Rule, profile string, enabled map[string]bool) bool {
	if enabled[rule.ID] {
		return true
	}
	want := slices.Index(Profiles, rule.Profile)
	have := slices.Index(Profiles, profile)
	if have < 0 {
		have = 0
	}
	return want <= have
}
