package classify

import (
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// quotedRE matches one Go-style double-quoted string, escapes included. Kubelet,
// containerd and CRI-O all format names with %q, so this is how a name sits in
// their messages.
const quotedRE = `"(?:[^"\\]|\\.)*"`

// prefixRE compiles a pattern that only matches at the start of the text.
func prefixRE(pattern string) *lazyregexp.Regexp {
	return lazyregexp.New(`^(?:` + pattern + `)`)
}

// eventPrefixes are added around a message by the event machinery or by
// kubectl, not by the component that wrote it.
var eventPrefixes = []*lazyregexp.Regexp{
	prefixRE(`\(combined from similar events\): `),
	// kubectl describe of 1.33+ prefixes the involved field path.
	prefixRE(`spec\.(?:initContainers|containers|ephemeralContainers)\{[^}]*\}: `),
	prefixRE(`(?:waiting|terminated): `),
}

// normalize trims the text and removes the prefixes that event aggregation
// and kubectl put in front of a component's own message.
func normalize(msg string) string {
	s := strings.TrimSpace(msg)
	for {
		before := s
		s = stripOne(s, eventPrefixes)
		if s == before {
			return s
		}
	}
}

// stripOne removes the first of layers that matches at the start of s.
func stripOne(s string, layers []*lazyregexp.Regexp) string {
	for _, re := range layers {
		if loc := re.FindStringIndex(s); loc != nil && loc[0] == 0 && loc[1] > 0 {
			return strings.TrimLeft(s[loc[1]:], " ")
		}
	}
	return s
}

// peel removes wrapping layers from the front of s until none matches. The
// text left is what the innermost component said.
func peel(s string, layers []*lazyregexp.Regexp) string {
	for {
		before := s
		s = stripOne(s, layers)
		s = unwrapDockerJSON(s)
		if s == before || s == "" {
			return s
		}
	}
}

// unwrapDockerJSON turns the body of an old (1.12-17.x) docker daemon error,
// {"message":"..."}, back into the message it carries.
func unwrapDockerJSON(s string) string {
	const open, closing = `{"message":"`, `"}`
	if !strings.HasPrefix(s, open) || !strings.HasSuffix(s, closing) || len(s) < len(open)+len(closing) {
		return s
	}
	return unescape(s[len(open) : len(s)-len(closing)])
}

// unquote returns the content of a Go-quoted string, or q without its outer
// quotes when it is not valid Go syntax.
func unquote(q string) string {
	if u, err := strconv.Unquote(q); err == nil {
		return u
	}
	return unescape(strings.TrimSuffix(strings.TrimPrefix(q, `"`), `"`))
}

// unescape undoes one level of backslash escaping of quotes and backslashes,
// as left by a message quoted inside another one.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '"', '\\':
				i++
			case 'n':
				b.WriteByte('\n')
				i++
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// flatten joins the lines of a multi-line message (CRI-O's "errors:" list,
// errors.Join in containerd 2.x) so that a detail reads as one line.
func flatten(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			if strings.HasSuffix(b.String(), ":") {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// detailOr keeps the detail when it says something, else falls back to the
// whole message, so that Detail is never empty for a non-empty message.
func detailOr(detail, msg string) string {
	if d := flatten(detail); d != "" {
		return d
	}
	if m := flatten(msg); m != "" {
		return m
	}
	return msg
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// submatch returns the first capture group of re in s, unquoted when the
// capture is a quoted string.
func submatch(re *lazyregexp.Regexp, s string) (string, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil || len(m) < 2 {
		return "", false
	}
	v := m[1]
	if strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) && len(v) >= 2 {
		v = unquote(v)
	}
	return v, true
}

// firstSubmatch tries each pattern in order and returns the first capture.
func firstSubmatch(s string, res ...*lazyregexp.Regexp) string {
	for _, re := range res {
		if v, ok := submatch(re, s); ok && v != "" {
			return v
		}
	}
	return ""
}

// rpcLayer is the gRPC status text the kubelet receives from every CRI
// runtime: "rpc error: code = Unknown desc = ..." (numeric codes before
// grpc-go 1.5, as in Kubernetes 1.6-1.8).
var rpcLayer = prefixRE(`rpc error: code = \w+ desc = `)
