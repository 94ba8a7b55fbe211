package finding

import (
	"cmp"
	"slices"
)

// Sort orders findings deterministically: by file, line and column, then
// object, container, rule and message, so every renderer prints the same
// bytes for the same findings whatever order the workers finished in. A
// list already in order (renderers sort what the engines sorted) costs one
// pass.
func Sort(findings []Finding) {
	if slices.IsSortedFunc(findings, Compare) {
		return
	}
	slices.SortStableFunc(findings, Compare)
}

// Compare is the order Sort uses. It stops at the first field that differs:
// a large run sorts tens of thousands of findings, and most pairs differ by
// file or line.
func Compare(a, b Finding) int {
	la, lb := locationOrZero(a.Location), locationOrZero(b.Location)
	if c := cmp.Compare(la.File, lb.File); c != 0 {
		return c
	}
	if c := cmp.Compare(la.Line, lb.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(la.Column, lb.Column); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Object.Namespace, b.Object.Namespace); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Object.Kind, b.Object.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Object.Name, b.Object.Name); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Container, b.Container); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Path, b.Path); c != 0 {
		return c
	}
	return cmp.Compare(a.Message, b.Message)
}

func locationOrZero(l *Location) Location {
	if l == nil {
		return Location{}
	}
	return *l
}

// Summary counts findings by severity.
type Summary struct {
	Total      int `json:"total"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Suppressed int `json:"suppressed,omitempty"`
}

// Summarize counts findings by severity.
func Summarize(findings []Finding) Summary {
	var s Summary
	for _, f := range findings {
		s.Total++
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// AtOrAbove reports whether any finding has a severity at or above threshold.
// With threshold None it is always false: "--fail-on none" never fails.
func AtOrAbove(findings []Finding, threshold Severity) bool {
	for _, f := range findings {
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}
