package lint

import (
	"slices"
	"sort"
)

// Notes are what a person should know about this linter that is not a
// finding: today, that the policies are evaluated with OPA's topdown
// because the faster interpreter refused them (which file, why). The
// findings are the same either way. It is said once, though --combine
// compiles a team's policies twice.
func (l *Linter) Notes() []string {
	note := l.engine.FallbackNote()
	if note == "" && l.combined != nil {
		note = l.combined.FallbackNote()
	}
	if note == "" {
		return nil
	}
	return []string{note}
}

// uniqueNotes sorts notes and says each once: a CRD's note comes from
// every custom resource checked against it.
func uniqueNotes(notes []string) []string {
	if len(notes) == 0 {
		return nil
	}
	sort.Strings(notes)
	return slices.Compact(notes)
}
