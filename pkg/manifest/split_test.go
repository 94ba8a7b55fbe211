package manifest

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitDocuments(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // each document as "line:text"
	}{
		{"one", "a: 1\n", []string{"1:a: 1\n"}},
		{"no trailing newline", "a: 1", []string{"1:a: 1"}},
		{"two", "a: 1\n---\nb: 2\n", []string{"1:a: 1\n", "2:---\nb: 2\n"}},
		{"leading marker", "---\na: 1\n", []string{"1:---\na: 1\n"}},
		{"comments head the document", "# c\n\n---\na: 1\n", []string{"1:# c\n\n---\na: 1\n"}},
		{"directive heads the document", "%YAML 1.2\n---\na: 1\n", []string{"1:%YAML 1.2\n---\na: 1\n"}},
		{"empty documents stay", "---\n---\na: 1\n", []string{"1:---\n", "2:---\na: 1\n"}},
		{"a marker makes a document", "a: 1\n---\n# nothing\n", []string{"1:a: 1\n", "2:---\n# nothing\n"}},
		{"comment-only tail dropped", "a: 1\n...\n# nothing\n", []string{"1:a: 1\n...\n"}},
		{"blank input", "\n\n  \n", nil},
		{"marker with content", "--- {a: 1}\n--- |\n  text\n", []string{"1:--- {a: 1}\n", "2:--- |\n  text\n"}},
		{"document end", "a: 1\n...\nb: 2\n", []string{"1:a: 1\n...\n", "3:b: 2\n"}},
		{"not markers", "a: ---\n----\n-- -\n--- b\n", []string{"1:a: ---\n----\n-- -\n", "4:--- b\n"}},
		{"indented marker is content", "a: |\n  ---\n", []string{"1:a: |\n  ---\n"}},
		{"crlf", "a: 1\r\n---\r\nb: 2\r\n", []string{"1:a: 1\r\n", "2:---\r\nb: 2\r\n"}},
		{"marker then tab", "a: 1\n---\t# c\nb: 2\n", []string{"1:a: 1\n", "2:---\t# c\nb: 2\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range splitDocuments([]byte(tt.in)) {
				got = append(got, fmt.Sprintf("%d:%s", d.line, d.data))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("splitDocuments(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"plain", []byte("a: 1\n"), "a: 1\n"},
		{"utf-8 bom", []byte("\xEF\xBB\xBFa: 1\n"), "a: 1\n"},
		{"utf-16le", []byte("\xFF\xFEa\x00:\x00 \x00\xe9\x00\n\x00"), "a: é\n"},
		{"utf-16be", []byte("\xFE\xFF\x00a\x00:\x00 \x00\xe9\x00\n"), "a: é\n"},
		{"crlf kept", []byte("a: 1\r\nb: 2\r\n"), "a: 1\r\nb: 2\r\n"},
		{"lone cr", []byte("a: 1\rb: 2\r"), "a: 1\nb: 2\n"},
	}
	for _, tt := range tests {
		if got := string(normalizeText(tt.in)); got != tt.want {
			t.Errorf("%s: normalizeText = %q, want %q", tt.name, got, tt.want)
		}
	}
}
