package lint

import "github.com/poddoctor/poddoctor/pkg/redact"

// redactSecrets removes from the findings every value the input holds as
// a secret (Secret data, literal values of secret-named env vars) and every
// credential-shaped text. A Go program then gets the same redaction as the
// command line whatever it does with the Result: render it, marshal it,
// log it. Secrets stays, for a program that redacts text of its own.
func (r *Result) redactSecrets() {
	redactor := redact.New(r.Secrets...)
	r.Findings = redactor.Findings(r.Findings)
	r.Suppressed = redactor.Findings(r.Suppressed)
	for i, note := range r.Notes {
		r.Notes[i] = redactor.String(note)
	}
}
