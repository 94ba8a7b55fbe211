package finding

import "slices"

// splitRules maps the id of a rule that was split into finer rules to the
// ids that took over its findings. The old id keeps working wherever a
// user names rules - --disable and --enable, the config's disable, enable
// and severity, the poddoctor.io/ignore annotation - and means all of its
// successors, so a configuration written before the split still does what
// it did.
//
// missing-resource-requests answered CPU and memory together; teams that
// set memory requests and leave CPU unset on purpose (and kube-linter's
// and polaris' separate checks) need them apart.
var splitRules = map[string][]string{
	"missing-resource-requests": {"missing-cpu-request", "missing-memory-request"},
}

// ExpandRuleIDs returns ids with every split rule's id replaced by the ids
// of its successors, in order, without duplicates. Other ids, known or
// not, pass through unchanged, so a mistyped id is still reported by
// whoever checks ids.
func ExpandRuleIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		next, split := splitRules[id]
		if !split {
			next = []string{id}
		}
		for _, n := range next {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// RuleNames returns the ids a user may name rule by: its own id, then the
// id of the rule it was split from, if any.
func RuleNames(rule string) []string {
	names := []string{rule}
	for old, successors := range splitRules {
		if slices.Contains(successors, rule) {
			names = append(names, old)
		}
	}
	return names
}

// SplitRuleIDs returns the retired ids that still name their successors,
// sorted, for the checks that accept only known rule ids.
func SplitRuleIDs() []string {
	ids := make([]string, 0, len(splitRules))
	for id := range splitRules {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// SplitRuleSuccessors returns the ids that took over the findings of a
// split rule's id, nil for any other id.
func SplitRuleSuccessors(id string) []string {
	return slices.Clone(splitRules[id])
}
