package lint

// Notes are what a person should know about this linter that is not a
// finding: today, that the policies are evaluated with OPA's topdown
// because the faster interpreter refused them (which file, why). The
// findings are the same either way.
func (l *Linter) Notes() []string {
	if note := l.engine.FallbackNote(); note != "" {
		return []string{note}
	}
	return nil
}
