package finding

// Disabled is the set of rule ids a run switches off (--disable).
type Disabled map[string]bool

// Drop removes, in place, the findings of disabled rules. Each engine
// calls it once, on everything it is about to return, so that a disabled
// rule has no finding whichever path produced it: a Go rule, a Rego
// policy, a policy that failed at run time, a file that could not be read.
// Engines may also skip a disabled rule's work earlier; that only saves
// time.
func (d Disabled) Drop(findings []Finding) []Finding {
	if len(d) == 0 {
		return findings
	}
	out := findings[:0]
	for _, f := range findings {
		if !d[f.Rule] {
			out = append(out, f)
		}
	}
	clear(findings[len(out):]) // no stale copies behind the slice's end
	return out
}
