package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s as one line that cannot steer whoever reads it: C0 and
// C1 control characters (ESC sequences that set a window title or clear
// the screen, BEL, NUL, carriage return, newline), DEL, invalid UTF-8,
// Unicode line separators and the bidirectional overrides and isolates
// that reorder what a reader sees ("Trojan Source", CVE-2021-42574) become
// visible escapes: "\x1b", "\n", "\u202e". Tabs stay. Text that starts
// with "::" once leading blanks are trimmed has its first colon escaped
// ("\x3a:"), since the GitHub Actions runner reads such a line of a log as
// a workflow command ("::add-mask::", "::stop-commands::"), and "##[",
// which the runner's older command syntax finds anywhere in a line, becomes
// "##\x5b". Text without any of them is returned as it is, without
// allocating.
//
// Every human-readable format (text, junit, github) escapes what it prints
// from the input this way; the command line escapes its notes and errors
// with EscapeLines.
func Escape(s string) string {
	if safe(s, false) {
		return s
	}
	return defuseCommand(escape(s))
}

// mayBeCommand is a quick look for the texts defuseCommand changes.
func mayBeCommand(s string) bool {
	return strings.Contains(s, "::") || strings.Contains(s, "##[")
}

// EscapeLines is Escape for text that may hold several lines: newlines
// stay, everything else is escaped, and a line that would start with "::"
// once its leading blanks are trimmed (as the GitHub Actions runner trims
// them before it looks for a workflow command such as "::add-mask::" or
// "::stop-commands::") has its first colon escaped, so no line of input
// can become a command in a CI log.
func EscapeLines(s string) string {
	if safe(s, true) {
		return s
	}
	// A Windows line end is a line end; a lone carriage return, which
	// would let a line overwrite what a terminal shows, is escaped.
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		lines[i] = defuseCommand(escape(line))
	}
	return strings.Join(lines, "\n")
}

// defuseCommand escapes the first colon of a line that would start with
// "::" once its leading white space is trimmed (the runner trims what .NET
// counts as white space, which unicode.IsSpace matches), and every "##[".
func defuseCommand(line string) string {
	line = strings.ReplaceAll(line, "##[", `##\x5b`)
	rest := strings.TrimLeftFunc(line, unicode.IsSpace)
	if !strings.HasPrefix(rest, "::") {
		return line
	}
	return line[:len(line)-len(rest)] + `\x3a` + rest[1:]
}

// safe reports whether s holds nothing Escape would change (newlines
// allowed when keepNewlines) and nothing defuseCommand would: one pass over
// the bytes, since nearly all text is safe and renderers look at every
// field of every finding.
func safe(s string, keepNewlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !attention[c] {
			continue
		}
		switch {
		case c == ':':
			if i+1 < len(s) && s[i+1] == ':' {
				return false
			}
		case c == '#':
			if strings.HasPrefix(s[i:], "##[") {
				return false
			}
		case c == '\n' && keepNewlines:
		case c >= 0x80:
			return safeUnicode(s[i:]) && !mayBeCommand(s[i:])
		default:
			return false // a control character
		}
	}
	return true
}

// attention marks the bytes safe must look at: controls but tab, DEL,
// non-ASCII, and the first bytes of "::" and "##[".
var attention = func() (t [256]bool) {
	for c := range 256 {
		t[c] = (c < 0x20 && c != '\t') || c >= 0x7f || c == ':' || c == '#'
	}
	return t
}()

// safeUnicode checks the rest of s once a non-ASCII byte was seen.
func safeUnicode(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || escapedRune(r) {
			return false
		}
		i += size
	}
	return true
}

// escapedRune reports whether a rune (not ASCII tab) is escaped: controls,
// line and paragraph separators, and the invisible marks and overrides
// that change the display order of text.
func escapedRune(r rune) bool {
	switch {
	case r < 0x20 && r != '\t', r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // ALM, LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2028, r == 0x2029:   // line and paragraph separators
		return true
	}
	return false
}

// escape writes s with every escaped rune as a visible escape.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && escapedRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case escapedRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
