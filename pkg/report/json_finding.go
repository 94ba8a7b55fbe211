package report

import (
	"strconv"
	"unicode/utf8"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// appendFinding appends f as json.Encoder with SetIndent(prefix, "  ") and
// SetEscapeHTML(false) writes it, without the final newline. Encoding the
// findings of a large run through reflection was most of the time spent
// writing -o json on one core after the analysis; this writes the fixed
// shape of finding.Finding directly. TestJSONMatchesEncoder and
// TestAppendJSONStringMatchesEncoder hold it to encoding/json's bytes, and
// TestAppendFindingKnowsEveryField fails when Finding gains a field this
// does not write.
func appendFinding(b []byte, f *finding.Finding, prefix string) []byte {
	w := objectWriter{b: b, prefix: prefix, depth: 0}
	w.open()
	w.str("rule", f.Rule, false)
	w.str("severity", f.Severity.String(), false)
	w.ref("object", &f.Object)
	if f.Owner != nil {
		w.ref("owner", f.Owner)
	}
	w.str("container", f.Container, true)
	if f.Location != nil {
		w.key("location")
		w.open()
		w.str("file", f.Location.File, false)
		w.int("line", f.Location.Line, true)
		w.int("column", f.Location.Column, true)
		w.close()
	}
	w.str("path", f.Path, true)
	w.str("message", f.Message, false)
	if len(f.Evidence) > 0 {
		w.key("evidence")
		w.b = append(w.b, '[')
		w.depth++
		for i, line := range f.Evidence {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.newline()
			w.b = appendJSONString(w.b, line)
		}
		w.depth--
		w.newline()
		w.b = append(w.b, ']')
	}
	w.str("remedy", f.Remedy, true)
	if f.Fix != nil {
		w.key("fix")
		w.open()
		w.str("path", f.Fix.Path, false)
		w.str("value", f.Fix.Value, false)
		if e := f.Fix.Edit; e != nil {
			w.key("edit")
			w.open()
			w.str("file", e.File, false)
			w.int("line", e.Line, false)
			w.int("column", e.Column, false)
			w.int("endColumn", e.EndColumn, false)
			w.str("text", e.Text, false)
			w.close()
		}
		w.close()
	}
	if len(f.Related) > 0 {
		w.key("related")
		w.b = append(w.b, '[')
		w.depth++
		for i, r := range f.Related {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.newline()
			w.open()
			w.str("file", r.File, false)
			w.int("line", r.Line, true)
			w.int("column", r.Column, true)
			w.str("message", r.Message, true)
			w.close()
		}
		w.depth--
		w.newline()
		w.b = append(w.b, ']')
	}
	w.close()
	return w.b
}

// objectWriter writes indented JSON objects whose keys are known not to
// need escaping.
type objectWriter struct {
	b      []byte
	prefix string
	depth  int
	first  []bool // per open object: no member written yet
}

func (w *objectWriter) newline() {
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, ' ', ' ')
	}
}

func (w *objectWriter) open() {
	w.b = append(w.b, '{')
	w.depth++
	w.first = append(w.first, true)
}

func (w *objectWriter) close() {
	empty := w.first[len(w.first)-1]
	w.first = w.first[:len(w.first)-1]
	w.depth--
	if !empty {
		w.newline()
	}
	w.b = append(w.b, '}')
}

func (w *objectWriter) key(k string) {
	if !w.first[len(w.first)-1] {
		w.b = append(w.b, ',')
	}
	w.first[len(w.first)-1] = false
	w.newline()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *objectWriter) str(k, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

func (w *objectWriter) int(k string, v int, omitEmpty bool) {
	if omitEmpty && v == 0 {
		return
	}
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

func (w *objectWriter) ref(k string, r *finding.ObjectRef) {
	w.key(k)
	w.open()
	w.str("apiVersion", r.APIVersion, true)
	w.str("kind", r.Kind, false)
	w.str("namespace", r.Namespace, true)
	w.str("name", r.Name, false)
	w.str("uid", r.UID, true)
	w.close()
}

// appendJSONString appends s quoted as encoding/json quotes it without
// HTML escaping: \" \\ and \b \f \n \r \t, other control characters as
// \u00XX, invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
