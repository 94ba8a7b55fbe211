package diagnose

// EngineNotes are what a person should know about this diagnoser's
// policies that is not a finding: today, that they are evaluated with OPA's
// topdown because the faster interpreter refused them (which file, why).
// The findings are the same either way.
func (d *Diagnoser) EngineNotes() []string {
	if note := d.engine.FallbackNote(); note != "" {
		return []string{note}
	}
	return nil
}
