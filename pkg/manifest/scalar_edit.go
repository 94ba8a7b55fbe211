package manifest

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// A fix that sets a field becomes an edit of the file's text only when the
// edit is certain: the field is a scalar written on one line, and the text
// found at its position reads back, by YAML's own rules, as the value the
// object holds. Anything else (a block scalar, a value that goes on over
// several lines, an alias, a file that changed since it was read) gives no
// edit, and the fix stays a path and a value for a person to apply.

// ScalarAt returns the value and position of the string scalar at path,
// when it is written there itself: not through an alias, not with a tag.
func (o *Object) ScalarAt(path string) (value string, loc finding.Location, ok bool) {
	_, n, complete := o.find(path)
	if !complete || n == nil || n == o.node || n.Kind != scalarNode || n.Tag != tagStr {
		return "", finding.Location{}, false
	}
	if yaml.Style(n.Style)&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return "", finding.Location{}, false
	}
	return n.Value, o.at(n), true
}

// ScalarEdit works out the edit that replaces, in one line of YAML, the
// scalar that starts at column (Unicode code points, from 1) and reads as
// value, with newValue written in the same style where YAML allows it. It
// returns the column after the scalar's text and the text to put in its
// place; ok is false when the text at column is not that scalar on this
// line alone.
func ScalarEdit(line string, column int, value, newValue string) (endColumn int, text string, ok bool) {
	start, ok := byteOffset(line, column)
	if !ok || start >= len(line) {
		return 0, "", false
	}
	var raw string
	switch line[start] {
	case '\'':
		raw, ok = singleQuotedAt(line[start:], value)
	case '"':
		raw, ok = doubleQuotedAt(line[start:], value)
	case '|', '>', '&', '*', '!':
		return 0, "", false // block scalars, anchors, aliases, tags
	default:
		raw, ok = plainAt(line[start:], value)
	}
	if !ok {
		return 0, "", false
	}
	text, ok = renderScalar(line[start], newValue)
	if !ok {
		return 0, "", false
	}
	return column + utf8.RuneCountInString(raw), text, true
}

// byteOffset turns a column in code points into a byte offset in line.
func byteOffset(line string, column int) (int, bool) {
	if column < 1 {
		return 0, false
	}
	offset := 0
	for i := 1; i < column; i++ {
		if offset >= len(line) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(line[offset:])
		offset += size
	}
	return offset, true
}

// plainAt finds the plain scalar at the start of s that reads as value. A
// plain scalar ends before a comment or the end of the line in block
// context, and also before , ] or } in flow context; both readings are
// tried, and only one that gives exactly value is taken, so a scalar that
// goes on over the next lines (whose value is longer) gives none.
func plainAt(s, value string) (string, bool) {
	block := s
	if i := strings.Index(block, " #"); i >= 0 {
		block = block[:i]
	}
	if i := strings.Index(block, "\t#"); i >= 0 {
		block = block[:i]
	}
	block = strings.TrimRightFunc(block, unicode.IsSpace)
	if block == value && value != "" {
		return block, true
	}
	flow := block
	if i := strings.IndexAny(flow, ",]}"); i >= 0 {
		flow = strings.TrimRightFunc(flow[:i], unicode.IsSpace)
	}
	if flow == value && value != "" {
		return flow, true
	}
	return "", false
}

// singleQuotedAt finds the single-quoted scalar at the start of s ('it”s')
// and checks that it reads as value.
func singleQuotedAt(s, value string) (string, bool) {
	for i := 1; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '\'' {
			i++ // an escaped quote
			continue
		}
		raw := s[:i+1]
		return raw, strings.ReplaceAll(raw[1:i], "''", "'") == value
	}
	return "", false // the scalar goes on past this line
}

// doubleQuotedAt finds the double-quoted scalar at the start of s and checks
// with yaml.v3 that it reads as value.
func doubleQuotedAt(s, value string) (string, bool) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // the escaped character, whatever it is
		case '"':
			raw := s[:i+1]
			var decoded string
			if err := yaml.Unmarshal([]byte(raw), &decoded); err != nil {
				return "", false
			}
			return raw, decoded == value
		}
	}
	return "", false
}

// renderScalar writes value as a YAML scalar, in the style the old scalar
// had (its first character says which) where that style can hold it and
// reads back as the same string, both as kubectl reads YAML (1.1) and as
// YAML 1.2 tools do; otherwise double-quoted.
func renderScalar(first byte, value string) (string, bool) {
	if strings.ContainsFunc(value, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) {
		return "", false // a fix never writes control characters into a file
	}
	switch first {
	case '\'':
		return "'" + strings.ReplaceAll(value, "'", "''") + "'", true
	case '"':
		return doubleQuoted(value), true
	}
	if plainSafe(value) {
		return value, true
	}
	return doubleQuoted(value), true
}

// doubleQuoted writes value as a double-quoted YAML scalar. A JSON string is
// one: every escape JSON uses is a YAML escape too.
func doubleQuoted(value string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(value) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// plainSafe reports whether value can be written without quotes, in block
// or flow context, and be read back as the same string.
func plainSafe(value string) bool {
	if value == "" || value != strings.TrimSpace(value) {
		return false
	}
	if strings.ContainsAny(value[:1], "-?:,[]{}#&*!|>'\"%@`") ||
		strings.ContainsAny(value, ",[]{}\t") ||
		strings.Contains(value, ": ") || strings.Contains(value, " #") || strings.HasSuffix(value, ":") {
		return false
	}
	if s, isString := resolve11(value).(string); !isString || s != value {
		return false // YAML 1.1 reads it as a bool, a number or null
	}
	var v any
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		return false
	}
	s, isString := v.(string)
	return isString && s == value
}
