// Package redact keeps secrets out of poddoctor's output. Findings quote
// manifests, events and container logs, any of which can carry a password;
// every renderer passes its findings through a Redactor first.
//
// Two kinds of secret are removed: values the caller knows are secret
// (the data of Secret objects in the input, the literal values of
// environment variables with secret-looking names), and text that has the
// shape of a credential wherever it appears (patterns.go: GitHub, Slack,
// Google, Stripe and AWS keys, JWTs, private key blocks, Authorization
// headers, passwords in URLs, and values of secret-named keys). Shapes are
// matched, not words near a separator, so evidence such as app_token.rb:2
// or token_expiry=3600 stays readable.
package redact

import (
	"runtime"
	"slices"
	"strings"

	"github.com/poddoctor/poddoctor/internal/parallel"
	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Mask replaces every redacted value.
const Mask = "[REDACTED]"

// minSecretLength is the shortest known value that is redacted: shorter
// ones ("1", "true", "dev") occur everywhere and redacting them would make
// output unreadable without protecting anything.
const minSecretLength = 4

// Redactor removes secrets from text. The zero value and nil redact only
// by pattern. It is safe for concurrent use.
type Redactor struct {
	values []string // longest first, so a value containing another goes whole
}

// New returns a Redactor that also removes the given known secret values.
func New(secretValues ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, v := range secretValues {
		for _, candidate := range []string{v, strings.TrimSpace(v)} {
			if len(candidate) >= minSecretLength && !seen[candidate] {
				seen[candidate] = true
				r.values = append(r.values, candidate)
			}
		}
	}
	slices.SortFunc(r.values, func(a, b string) int { return len(b) - len(a) })
	return r
}

// secretKey is a name that announces a secret value. It only finds
// candidates; isSecretName decides (a whole word, not a file name, not a
// setting about the secret such as token_expiry).
const secretKey = `[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[a-z0-9_.-]*`

// String removes every known value and every credential-shaped text.
func (r *Redactor) String(s string) string {
	return r.redact(s, true)
}

// redact is String; without useClues every pattern is searched, which the
// tests use to prove that skipping by clues never changes an answer.
func (r *Redactor) redact(s string, useClues bool) string {
	if s == "" {
		return s
	}
	if r != nil {
		for _, v := range r.values {
			if strings.Contains(s, v) {
				s = strings.ReplaceAll(s, v, Mask)
			}
		}
	}
	clued := allPatterns
	if useClues {
		clued = cluedPatterns(strings.ToLower(s), isASCII(s))
	}
	for i, p := range credentialPatterns {
		if clued&(1<<i) == 0 {
			continue
		}
		s = p.apply(s)
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Findings returns the findings with every text field redacted. The input
// is not changed.
//
// A run's findings are redacted at its end, when nothing else is left to
// do: past findingsPerPart findings, the parts of the list are redacted on
// every core at once, each with its own texts already redacted.
func (r *Redactor) Findings(findings []finding.Finding) []finding.Finding {
	out := make([]finding.Finding, len(findings))
	parts := min(runtime.GOMAXPROCS(0), (len(findings)+findingsPerPart-1)/findingsPerPart)
	if parts <= 1 {
		r.findingsInto(out, findings)
		return out
	}
	size := (len(findings) + parts - 1) / parts
	parallel.For(parts, parts, func(p int) {
		start, end := p*size, min((p+1)*size, len(findings))
		r.findingsInto(out[start:end], findings[start:end])
	})
	return out
}

// findingsPerPart is the fewest findings redacted on a core of their own.
const findingsPerPart = 2048

// findingsInto writes the redacted findings into out, of the same length.
func (r *Redactor) findingsInto(out, findings []finding.Finding) {
	// Thousands of findings share a few hundred texts (one remedy per
	// rule, the same image in many messages): each is redacted once.
	done := map[string]string{}
	redact := func(s string) string {
		text, ok := done[s]
		if !ok {
			text = r.String(s)
			done[s] = text
		}
		return text
	}
	for i, f := range findings {
		f.Message = redact(f.Message)
		f.Remedy = redact(f.Remedy)
		if f.Evidence != nil {
			ev := make([]string, len(f.Evidence))
			for j, line := range f.Evidence {
				ev[j] = redact(line)
			}
			f.Evidence = ev
		}
		if f.Fix != nil {
			fix := *f.Fix
			fix.Value = redact(fix.Value)
			if fix.Value != f.Fix.Value {
				fix.Edit = nil // an edit never writes a redacted value into a file
			}
			f.Fix = &fix
		}
		out[i] = f
	}
}

// Document returns a copy of a JSON-shaped value (maps, lists, strings,
// numbers, as encoding/json decodes into any) with every string redacted.
// Output that is not findings (`diagnose -o facts`) goes through it, so
// that log tails and event texts in it cannot leak what findings hide.
func (r *Redactor) Document(v any) any {
	switch x := v.(type) {
	case string:
		return r.String(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, child := range x {
			out[k] = r.Document(child)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, child := range x {
			out[i] = r.Document(child)
		}
		return out
	}
	return v
}
