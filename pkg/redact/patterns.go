package redact

import (
	"sort"
	"strings"
	"unicode"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// credentialPattern finds one shape of credential. The submatch numbered
// secret (the whole match when 0) is masked; the rest of the match stays,
// so "password=" or "https://user:" still says what was there.
type credentialPattern struct {
	// id names the rule: gitleaks' rule id where the pattern follows one
	// of its rules (github.com/gitleaks/gitleaks, config/gitleaks.toml,
	// MIT; the expressions here are written anew), or our own name.
	id     string
	re     *lazyregexp.Regexp
	secret int
	// clues are lower-case texts of which every match contains at least
	// one: text holding none of them cannot match, and the regular
	// expression, the dearest part of redaction, is not run on it.
	clues []string
	// keep, when set, vetoes a match that is evidence rather than a
	// secret. m holds the submatch indexes into s.
	keep func(s string, m []int) bool
}

// cluedPatterns returns the set of credentialPatterns (bit i for pattern
// i) of which lower, a lower-case text, holds a clue: text holding none of
// a pattern's clues cannot match it. Text that is not all ASCII can match
// every pattern: case-insensitive matching also folds a few non-ASCII
// letters onto ASCII ones (the Kelvin sign matches k).
//
// One pass over the text finds every clue, where asking strings.Contains
// of each of some forty clues read each text forty times: 1 to 2 % of a
// lint run, whose messages are all redacted. A position is compared with
// the clues of its byte (cluesByFirstByte) only when the byte after it can
// follow that byte in a clue (clueSecondBytes), which most positions of
// prose cannot.
func cluedPatterns(lower string, ascii bool) uint32 {
	if !ascii {
		return allPatterns
	}
	var found uint32
	for i := 0; i+1 < len(lower); i++ {
		first, second := lower[i], lower[i+1]
		if clueSecondBytes[first][second>>6]&(1<<(second&63)) == 0 {
			continue
		}
		for _, c := range cluesByFirstByte[first] {
			if found&c.patterns != c.patterns && strings.HasPrefix(lower[i:], c.text) {
				found |= c.patterns
			}
		}
	}
	return found
}

// clue is one clue text and the patterns it is a clue of.
type clue struct {
	text     string
	patterns uint32
}

// allPatterns is the set of every credential pattern.
var allPatterns = uint32(1)<<len(credentialPatterns) - 1

// cluesByFirstByte lists the clues of credentialPatterns by their first
// byte.
var cluesByFirstByte = func() (byFirst [256][]clue) {
	if len(credentialPatterns) > 32 {
		panic("redact: more credential patterns than bits in a clue set")
	}
	sets := map[string]uint32{}
	var texts []string
	for i, p := range credentialPatterns {
		for _, c := range p.clues {
			if sets[c] == 0 {
				texts = append(texts, c)
			}
			sets[c] |= 1 << i
		}
	}
	for _, t := range texts {
		if len(t) < 2 {
			panic("redact: a clue of one byte: cluedPatterns looks at two")
		}
		byFirst[t[0]] = append(byFirst[t[0]], clue{text: t, patterns: sets[t]})
	}
	return byFirst
}()

// clueSecondBytes is, for each first byte of a clue, the set of the bytes
// that come second in its clues (bit b%64 of word b/64).
var clueSecondBytes = func() (seconds [256][4]uint64) {
	for first, clues := range cluesByFirstByte {
		for _, c := range clues {
			seconds[first][c.text[1]>>6] |= 1 << (c.text[1] & 63)
		}
	}
	return seconds
}()

// apply masks every match of the pattern in s that keep does not veto.
func (p credentialPattern) apply(s string) string {
	matches := p.re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		start, end := m[2*p.secret], m[2*p.secret+1]
		if start < 0 || start == end || strings.Contains(s[start:end], Mask) || (p.keep != nil && p.keep(s, m)) {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(Mask)
		last = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// group returns submatch i of a match.
func group(s string, m []int, i int) string {
	if m[2*i] < 0 {
		return ""
	}
	return s[m[2*i]:m[2*i+1]]
}

// secretNameClues are the texts every secretKey contains one of. "api",
// "access" and "private" count only with their "key" (apiVersion and
// accessModes are in every manifest and would run the dearest patterns on
// every message).
var secretNameClues = []string{"passw", "pwd", "secret", "token", "credential",
	"apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "privatekey", "private_key", "private-key"}

// credentialPatterns are tried in order: the specific shapes first, then
// the values of secret-named keys.
var credentialPatterns = []credentialPattern{
	// -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY-----,
	// or to the end of the text when a log tail cut the block.
	{id: "private-key", secret: 2, clues: []string{"private key"},
		re: lazyregexp.New(`(?i)(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)([\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$))`)},
	// GitHub personal access, OAuth, user-to-server, server-to-server and
	// refresh tokens, and fine-grained personal access tokens.
	{id: "github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat",
		clues: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"},
		re:    lazyregexp.New(`\b(?:gh[pousr]_[0-9A-Za-z]{36,251}|github_pat_[0-9A-Za-z_]{22,244})\b`)},
	// Slack bot, user, workspace and legacy tokens, and app-level tokens.
	{id: "slack-bot-token, slack-user-token, slack-legacy-token, slack-app-token",
		clues: []string{"xox", "xapp-"},
		re:    lazyregexp.New(`\bxox[abeoprs]-[0-9A-Za-z-]{10,250}|(?i:\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)`)},
	// https://hooks.slack.com/services/T000/B000/XXXX: the path is the key.
	{id: "slack-webhook-url", secret: 1, clues: []string{"hooks.slack.com"},
		re: lazyregexp.New(`(?i)hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/_-]{20,})`)},
	// Google API keys.
	{id: "gcp-api-key", clues: []string{"aiza"},
		re: lazyregexp.New(`\bAIza[0-9A-Za-z_-]{35}`)},
	// Stripe secret and restricted keys (publishable pk_ keys are public).
	{id: "stripe-access-token", clues: []string{"sk_", "rk_"},
		re: lazyregexp.New(`\b(?:sk|rk)_(?:test|live|prod)_[0-9A-Za-z]{10,99}\b`)},
	// AWS access key ids.
	{id: "aws-access-token", clues: []string{"akia", "asia", "abia", "acca", "a3t"},
		re: lazyregexp.New(`\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b`)},
	// JSON web tokens.
	{id: "jwt", clues: []string{"eyj"},
		re: lazyregexp.New(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	// Authorization: Basic dXNlcjpwYXNz, Authorization: token abc, in
	// headers, curl commands and JSON alike.
	{id: "authorization-header", secret: 2, clues: []string{"authorization"},
		re:   lazyregexp.New(`(?i)\bauthorization["']?\s*[:=]\s*["']?((?:basic|bearer|token|digest|negotiate|apikey)\s+)?([^\s"',;]+)`),
		keep: func(s string, m []int) bool { return group(s, m, 1) == "" && letters.MatchString(group(s, m, 2)) }},
	// Basic dXNlcjpwYXNz and Bearer abc.def anywhere (the header name is
	// often cut away or spelled differently).
	{id: "basic-auth", secret: 1, clues: []string{"basic"},
		re:   lazyregexp.New(`(?i)\bbasic\s+([A-Za-z0-9+/]{12,}={0,2})`),
		keep: func(s string, m []int) bool { return capitalizedWord.MatchString(group(s, m, 1)) }},
	{id: "bearer-token", secret: 1, clues: []string{"bearer"},
		re: lazyregexp.New(`(?i)\bbearer\s+([a-z0-9\-._~+/]+=*)`),
		keep: func(s string, m []int) bool {
			v := group(s, m, 1)
			return strings.HasPrefix(strings.ToLower(v), "bearer") || isProse(v)
		}},
	// scheme://user:password@host
	{id: "url-password", secret: 1, clues: []string{"://"},
		re:   lazyregexp.New(`(?i)[a-z][a-z0-9+.-]*://[^/\s:@]+:([^/\s@]+)@`),
		keep: func(s string, m []int) bool { return isReference(group(s, m, 1)) }},
	// "the password is hunter2", "password was s3cr3t".
	{id: "password-in-prose", secret: 1, clues: []string{"passw", "pwd", "passphrase"},
		re:   lazyregexp.New(`(?i)\b(?:password|passwd|passphrase|pwd)\s+(?:is|was)\s+["']?([^\s"',;]+)`),
		keep: func(s string, m []int) bool { return isProse(group(s, m, 1)) }},
	// PGPASSWORD hunter2, AWS_SECRET_ACCESS_KEY  wJalr...: an environment
	// variable and its value in a listing (env, kubectl describe).
	{id: "env-listing", secret: 3, clues: secretNameClues,
		re: lazyregexp.New(`\b([A-Z][A-Z0-9_]*(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Z0-9_]*)([ \t]+)([^\s"',;]+)`),
		keep: func(s string, m []int) bool {
			v := group(s, m, 3)
			return !isSecretName(group(s, m, 1)) || isProse(v) || isReference(v) || upperWord.MatchString(v)
		}},
	// password=..., "token": "...", DB_PASSWORD: x, PGPASSWORD=x
	{id: "secret-named-value", secret: 4, clues: secretNameClues,
		re: lazyregexp.New(`(?i)(` + secretKey + `)(["']?\s*([=:])\s*)("[^"]*"|'[^']*'|[^\s,;&"']+)`),
		keep: func(s string, m []int) bool {
			return keepNamedValue(group(s, m, 1), group(s, m, 3), group(s, m, 4))
		}},
	// --api-key 0123, -password=x
	{id: "secret-named-flag", secret: 2, clues: secretNameClues,
		re: lazyregexp.New(`(?i)(?:^|\s)--?(` + secretKey + `)[= ]([^\s"']+)`),
		keep: func(s string, m []int) bool {
			return keepNamedValue(group(s, m, 1), "=", group(s, m, 2))
		}},
}

// plainWord is a value that reads as prose, not as a secret: "oauth token:
// unexpected status" is a runtime's sentence, not a credential.
var plainWord = lazyregexp.New(`^[a-z]+$`)

// letters, capitalizedWord and upperWord are words of prose ("may require
// authorization: server message", "Basic Authentication", "PASSWORD
// AUTHENTICATION FAILED").
var (
	letters         = lazyregexp.New(`^[A-Za-z]+$`)
	capitalizedWord = lazyregexp.New(`^[A-Za-z][a-z]+$`)
	upperWord       = lazyregexp.New(`^[A-Z]+$`)
)

// proseWords follow "password is" and similar in log lines that carry no
// secret: "password is incorrect", "token expired".
var proseWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the not no yes too to in at of for from and or now still already only
		incorrect invalid wrong required expired expiring missing empty set unset correct valid blank null nil none
		being changed reset weak strong mandatory needed incomplete ok disabled enabled locked accepted rejected
		stored saved hashed encrypted provided given configured present absent used same different authentication
		mismatched mismatch short long longer shorter updated verified unchanged generated sent bad good protected
		hidden masked stale old new true false undefined redacted failed denied unknown`) {
		proseWords[w] = true
	}
}

// isProse reports whether a value is a word of prose rather than a secret.
func isProse(v string) bool {
	return proseWords[strings.ToLower(strings.Trim(v, `"'.:`))]
}

// isReference reports whether a value names where a secret is rather than
// being one: $(DB_PASSWORD), ${TOKEN}, $TOKEN, {{ .Values.password }}, a
// printf verb in a quoted format string ("token: %w").
func isReference(v string) bool {
	v = strings.Trim(v, `"'`)
	return strings.HasPrefix(v, "$") || strings.HasPrefix(v, "{{") || strings.HasPrefix(v, "<") || v == "***" ||
		(len(v) == 2 && v[0] == '%')
}

// structure is a value that opens or is an empty JSON or YAML collection:
// "serviceAccountToken": {, "tokens": [].
var structure = lazyregexp.New(`^[\[\]{}()]+$`)

// keepNamedValue decides whether the value of a secret-looking key is
// evidence after all: the key is a setting about the secret
// (token_expiry=3600, password_reset_url=...) or a file (app_token.rb:2
// in a stack trace), or the value is empty, a reference, or prose after a
// colon ("oauth token: unexpected status").
func keepNamedValue(key, separator, value string) bool {
	inner := strings.Trim(value, `"'`)
	word := strings.TrimRight(inner, ":.)")
	switch {
	case inner == "", isReference(inner), structure.MatchString(inner):
		return true
	case separator == ":" && capitalizedWord.MatchString(word):
		// "invalid username/password: unauthorized: ...", "failed to
		// fetch anonymous token: Get https://...": a runtime's sentence.
		return true
	case separator == ":" && inner[0] >= '0' && inner[0] <= '9' && isFileName(key):
		return true
	}
	return !isSecretName(key)
}

// fileExtension is the end of a file name: ".rb", ".go", ".yaml".
var fileExtension = lazyregexp.New(`\.[A-Za-z][A-Za-z0-9]{0,4}$`)

// isFileName reports whether a key is a file name (app_token.rb,
// secret.yaml) rather than a key whose last part is a secret word
// (db.pwd, spring.datasource.password).
func isFileName(key string) bool {
	ext := fileExtension.FindString(key)
	return ext != "" && secretWordAt(splitWords(ext[1:]), 0) == 0
}

// metadataWords, after the secret word of a key, make it a setting about
// the secret rather than the secret: token_expiry, password_reset_url,
// secretName, secretKeyRef, password_min_length.
var metadataWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`expiry expires expiration expire expired ttl timeout length len size count type kind
		url uri endpoint path file dir name names reset lifetime age interval policy format min max limit required
		enabled disabled rotation header prefix source ref refs version id field env mode strategy provider issuer
		audience scope location store hint label prompt`) {
		metadataWords[w] = true
	}
}

// MetadataWords returns, sorted, the words that after a secret word make
// a key a setting about the secret (metadataWords). The lint rules
// secret-in-env and secret-in-configmap keep the same list in Rego, and a
// test holds the two equal.
func MetadataWords() []string {
	words := make([]string, 0, len(metadataWords))
	for w := range metadataWords {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}

// isSecretName reports whether a key names a secret: one of its words is
// a secret word (password, token, api key, ...; PGPASSWORD and GHTOKEN end
// with one) and no word after it makes the key a setting about the secret.
// "tokenizer" and "secretary" are not secret names.
func isSecretName(key string) bool {
	words := splitWords(key)
	for i := range words {
		if n := secretWordAt(words, i); n > 0 {
			for _, w := range words[i+n:] {
				if metadataWords[strings.ToLower(w)] {
					return false
				}
			}
			return true
		}
	}
	return false
}

// secretWordAt returns how many words starting at words[i] make a secret
// word (1 or 2: "api key"), or 0.
func secretWordAt(words []string, i int) int {
	w := strings.ToLower(words[i])
	next := ""
	if i+1 < len(words) {
		next = strings.ToLower(words[i+1])
	}
	switch w {
	case "password", "passwords", "passwd", "pwd", "secret", "secrets", "token", "tokens",
		"credential", "credentials", "apikey", "accesskey", "privatekey", "secretkey":
		if w == "secret" && (next == "key" || next == "keys") {
			return 2
		}
		return 1
	case "api", "access", "private":
		if next == "key" || next == "keys" {
			return 2
		}
		return 0
	}
	for _, suffix := range []string{"password", "passwd", "token", "secret", "apikey"} {
		if strings.HasSuffix(w, suffix) {
			return 1
		}
	}
	return 0
}

// splitWords splits a key into its words: at _ . - and at a lower-case
// letter followed by an upper-case one (githubToken, XAuthToken).
func splitWords(key string) []string {
	var words []string
	var cur []rune
	runes := []rune(key)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for i, r := range runes {
		switch {
		case r == '_' || r == '.' || r == '-':
			flush()
			continue
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(runes[i-1]):
			flush()
		case unicode.IsUpper(r) && i > 0 && i+1 < len(runes) && unicode.IsUpper(runes[i-1]) && unicode.IsLower(runes[i+1]):
			flush() // "XAuth": X | Auth
		}
		cur = append(cur, r)
	}
	flush()
	return words
}
