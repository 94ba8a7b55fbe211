package diagnose

import (
	"github.com/poddoctor/poddoctor/pkg/redact"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// redactSecrets removes from the findings and notes the literal values of
// secret-named environment variables in the snapshot's pods and every
// credential-shaped text (a password in a log tail, a token in an event),
// so that a Go program gets the same redaction as the command line
// whatever it does with the Result. The facts documents (DiagnoseFacts)
// are the policies' input and stay as read; pass them through
// redact.Redactor.Document before showing them.
func (r *Result) redactSecrets(snap *snapshot.Snapshot) {
	redactor := redact.New(SecretValues(snap)...)
	r.Findings = redactor.Findings(r.Findings)
	for i, note := range r.Notes {
		r.Notes[i] = redactor.String(note)
	}
}
