// Package redact keeps secrets out of poddoctor's output. Findings quote
// manifests, events and container logs, any of which can carry a password;
// every renderer passes its findings through a Redactor first.
//
// Two kinds of secret are removed: values the caller knows are secret
// (the data of Secret objects in the input, the literal values of
// environment variables with secret-looking names), and text that looks
// like a credential wherever it appears (key=value pairs named password or
// token, bearer tokens, JWTs, AWS access keys, private key blocks,
// passwords in URLs).
package redact

import (
	"regexp"
	"slices"
	"strings"

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

// secretKey is a name that announces a secret value.
const secretKey = `[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[a-z0-9_.-]*`

// credentialPattern finds one shape of credential. Group 1 is kept, group
// 2 (or, without one, the rest of the match) is masked, and group 3 is kept
// after it.
type credentialPattern struct {
	re *regexp.Regexp
	// clues are lower-case texts of which every match contains at least
	// one: text holding none of them cannot match, and the regular
	// expression, the dearest part of redaction, is not run on it.
	clues []string
}

// secretKeyClues are the texts every secretKey contains one of.
var secretKeyClues = []string{"passw", "pwd", "secret", "token", "api", "access", "private", "credential"}

// credentialPatterns are tried in order: the specific shapes come first.
var credentialPatterns = []credentialPattern{
	// -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY-----
	{regexp.MustCompile(`(-----BEGIN [A-Z ]*PRIVATE KEY-----)([\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)()`), []string{"private key-----"}},
	// Authorization: Bearer abc.def
	{regexp.MustCompile(`(?i)(bearer\s+)([a-z0-9\-._~+/]+=*)()`), []string{"bearer"}},
	// scheme://user:password@host
	{regexp.MustCompile(`(?i)([a-z][a-z0-9+.-]*://[^/\s:@]+:)([^/\s@]+)(@)`), []string{"://"}},
	// JSON web tokens
	{regexp.MustCompile(`()(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})()`), []string{"eyj"}},
	// AWS access key ids
	{regexp.MustCompile(`()(\b(?:AKIA|ASIA)[0-9A-Z]{16}\b)()`), []string{"akia", "asia"}},
	// password=..., "token": "...", DB_PASSWORD: x
	{keyValuePattern, secretKeyClues},
	// --api-key 0123, -password=x
	{regexp.MustCompile(`(?i)((?:^|\s)--?` + secretKey + `[= ])([^\s"']+)()`), secretKeyClues},
}

// mayMatch says whether text (lower is its lower-case form) can hold a
// match. Case-insensitive matching also folds a few non-ASCII letters onto
// ASCII ones (the Kelvin sign matches k), so text that is not all ASCII is
// always searched.
func (p credentialPattern) mayMatch(lower string, ascii bool) bool {
	if !ascii {
		return true
	}
	for _, clue := range p.clues {
		if strings.Contains(lower, clue) {
			return true
		}
	}
	return false
}

// keyValuePattern finds "key=value" and "key: value" pairs whose key
// announces a secret.
var keyValuePattern = regexp.MustCompile(`(?i)(` + secretKey + `["']?\s*([=:])\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)`)

// plainWord is a value that reads as prose, not as a secret: "oauth token:
// unexpected status" is a runtime's sentence, not a credential.
var plainWord = regexp.MustCompile(`^[a-z]+$`)

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
	lower, ascii := strings.ToLower(s), isASCII(s)
	for _, p := range credentialPatterns {
		if useClues && !p.mayMatch(lower, ascii) {
			continue
		}
		if p.re == keyValuePattern {
			s = redactKeyValues(s)
			continue
		}
		re := p.re
		s = re.ReplaceAllStringFunc(s, func(match string) string {
			m := re.FindStringSubmatch(match)
			if m[2] == Mask || strings.HasPrefix(strings.ToLower(m[2]), "bearer") {
				return match
			}
			return m[1] + Mask + m[3]
		})
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

// redactKeyValues masks the values of secret-named keys. After a colon
// (prose and YAML alike) a plain lower-case word is left alone; after an
// equals sign every value goes.
func redactKeyValues(s string) string {
	return keyValuePattern.ReplaceAllStringFunc(s, func(match string) string {
		m := keyValuePattern.FindStringSubmatch(match)
		prefix, separator, value := m[1], m[2], m[3]
		if value == Mask || (separator == ":" && plainWord.MatchString(value)) {
			return match
		}
		return prefix + Mask
	})
}

// Findings returns the findings with every text field redacted. The input
// is not changed.
func (r *Redactor) Findings(findings []finding.Finding) []finding.Finding {
	// Thousands of findings share a few hundred texts (one remedy per
	// rule, the same image in many messages): each is redacted once.
	done := map[string]string{}
	redact := func(s string) string {
		out, ok := done[s]
		if !ok {
			out = r.String(s)
			done[s] = out
		}
		return out
	}
	out := make([]finding.Finding, len(findings))
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
			f.Fix = &fix
		}
		out[i] = f
	}
	return out
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
