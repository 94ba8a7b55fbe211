package source

import (
	"slices"
	"strings"
)

// LineHoldsField reports whether a template line, as text, writes the
// field at path or the nearest parent of it the template writes: the line
// holds one of the path's keys (other than the object's top-level ones),
// starts a list item the path goes into, or is an action that writes
// content. It is the yardstick of the mapping's accuracy, in tests and in
// the measurement on public charts (bench/charts).
func LineHoldsField(line, path string) bool {
	keys, indices := splitFieldPath(path)
	trimmed := strings.TrimSpace(line)
	if strings.HasPrefix(trimmed, "- ") && slices.ContainsFunc(indices, func(i int) bool { return i >= 0 }) {
		return true // the list item the path goes into
	}
	start := 0
	if len(keys) > 2 {
		start = 2
	}
	for _, k := range keys[start:] {
		if strings.Contains(line, k+":") || strings.Contains(line, `"`+k+`":`) {
			return true
		}
	}
	if strings.HasPrefix(trimmed, "{{") && writesContent(innerActions(trimmed)) {
		return true
	}
	return false
}
