package manifest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sigs.k8s.io/yaml"
)

// TestScalarEdit applies each edit to its document and reads the result
// back with sigs.k8s.io/yaml, as kubectl reads a manifest: the field must
// then hold the new value and nothing else may change.
func TestScalarEdit(t *testing.T) {
	tests := []struct {
		name       string
		line       string // the document's line holding the field `image`
		value      string // what the parser read there
		newValue   string
		wantText   string // "" when no edit is possible
		wantLength int    // code points replaced
	}{
		{name: "plain", line: "image: ngnx:1.27", value: "ngnx:1.27", newValue: "nginx:1.27", wantText: "nginx:1.27", wantLength: 9},
		{name: "plain before a comment", line: "image: ngnx:1.27   # pinned", value: "ngnx:1.27", newValue: "nginx:1.27", wantText: "nginx:1.27", wantLength: 9},
		{name: "plain with trailing spaces", line: "image: ngnx  ", value: "ngnx", newValue: "nginx", wantText: "nginx", wantLength: 4},
		{name: "plain in a flow mapping", line: "c: {name: web, image: ngnx, x: 1}", value: "ngnx", newValue: "nginx", wantText: "nginx", wantLength: 4},
		{name: "plain that would read as a bool in YAML 1.1", line: "image: ngnx", value: "ngnx", newValue: "yes", wantText: `"yes"`, wantLength: 4},
		{name: "plain that would read as a number", line: "image: ngnx", value: "ngnx", newValue: "1.10", wantText: `"1.10"`, wantLength: 4},
		{name: "plain that would hold a comment", line: "image: ngnx", value: "ngnx", newValue: "a #b", wantText: `"a #b"`, wantLength: 4},
		{name: "single quoted", line: "image: 'ngnx:1.27'", value: "ngnx:1.27", newValue: "nginx:1.27", wantText: "'nginx:1.27'", wantLength: 11},
		{name: "single quoted with a quote", line: "image: 'it''s'  # x", value: "it's", newValue: "o'k", wantText: "'o''k'", wantLength: 7},
		{name: "double quoted with an escape", line: `image: "ng\x6ex"`, value: "ngnx", newValue: "nginx", wantText: `"nginx"`, wantLength: 9},
		{name: "non-ASCII before the value", line: `über: {image: ngnx}`, value: "ngnx", newValue: "nginx", wantText: "nginx", wantLength: 4},
		{name: "text that is not the value", line: "image: nginx", value: "ngnx", newValue: "nginx"},
		{name: "plain going on to the next line", line: "image: ngnx", value: "ngnx more", newValue: "nginx"},
		{name: "single quoted going on", line: "image: 'ngnx", value: "ngnx more", newValue: "nginx"},
		{name: "double quoted going on", line: `image: "ngnx`, value: "ngnx more", newValue: "nginx"},
		{name: "a template", line: "image: {{ .Values.image }}", value: "ngnx", newValue: "nginx"},
		{name: "a block scalar", line: "image: |", value: "ngnx\n", newValue: "nginx"},
		{name: "an alias", line: "image: *img", value: "ngnx", newValue: "nginx"},
		{name: "a control character in the new value", line: "image: ngnx", value: "ngnx", newValue: "ng\x1b[31mnx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			column := valueColumn(t, tt.line, tt.value)
			end, text, ok := ScalarEdit(tt.line, column, tt.value, tt.newValue)
			if tt.wantText == "" {
				if ok {
					t.Fatalf("ScalarEdit gave %q up to column %d, want no edit", text, end)
				}
				return
			}
			if !ok || text != tt.wantText || end-column != tt.wantLength {
				t.Fatalf("ScalarEdit = %q, %d code points, %v; want %q, %d", text, end-column, ok, tt.wantText, tt.wantLength)
			}
			edited := replaceColumns(tt.line, column, end, text)
			before, after := readImage(t, tt.line), readImage(t, edited)
			if before != tt.value {
				t.Fatalf("the test's line reads as %q, not %q", before, tt.value)
			}
			if after != tt.newValue {
				t.Errorf("after the edit %q reads as %q, want %q", edited, after, tt.newValue)
			}
		})
	}
}

// FuzzScalarEdit writes a value in each style, edits it to another value,
// and checks with sigs.k8s.io/yaml that the edited line reads as the new
// value whenever an edit is given.
func FuzzScalarEdit(f *testing.F) {
	f.Add("ngnx:1.27", "nginx:1.27", uint8(0))
	f.Add("it's", "yes", uint8(1))
	f.Add("a\tb", "on", uint8(2))
	f.Add("x", "{a: b}", uint8(0))
	f.Fuzz(func(t *testing.T, old, newValue string, style uint8) {
		if !utf8.ValidString(old) || !utf8.ValidString(newValue) || strings.ContainsAny(old, "\n\r") {
			return
		}
		var written string
		switch style % 3 {
		case 0:
			written = old
		case 1:
			written = "'" + strings.ReplaceAll(old, "'", "''") + "'"
		default:
			written = doubleQuoted(old)
		}
		line := "image: " + written
		var doc map[string]any
		if err := yaml.Unmarshal([]byte(line), &doc); err != nil {
			return
		}
		read, isString := doc["image"].(string)
		if !isString || read != old {
			return // written plain, it is not that string
		}
		end, text, ok := ScalarEdit(line, len("image: ")+1, old, newValue)
		if !ok {
			return
		}
		edited := replaceColumns(line, len("image: ")+1, end, text)
		if got := readImage(t, edited); got != newValue {
			t.Fatalf("%q edited to %q reads as %q, want %q", line, edited, got, newValue)
		}
	})
}

// valueColumn is the column (code points, from 1) where value's text
// starts in the test line: after the last "image: ".
func valueColumn(t *testing.T, line, value string) int {
	t.Helper()
	i := strings.LastIndex(line, "image: ")
	if i < 0 {
		t.Fatalf("no image in %q", line)
	}
	return utf8.RuneCountInString(line[:i+len("image: ")]) + 1
}

// replaceColumns replaces the code points [start, end) of line, counted
// from 1, with text.
func replaceColumns(line string, start, end int, text string) string {
	runes := []rune(line)
	return string(runes[:start-1]) + text + string(runes[end-1:])
}

// readImage reads the field image, at the top or one mapping down, as
// kubectl would.
func readImage(t *testing.T, line string) any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(line), &doc); err != nil {
		t.Fatalf("%q does not parse: %v", line, err)
	}
	if v, ok := doc["image"]; ok {
		return v
	}
	for _, v := range doc {
		if m, ok := v.(map[string]any); ok {
			return m["image"]
		}
	}
	return nil
}
