package manifest

import (
	"strings"
	"testing"
)

// TestSyntaxErrorLines checks that a syntax error is reported at the line
// of the problem, not at the start of the construct around it, also when
// the document is not the first of its file.
func TestSyntaxErrorLines(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		want string
	}{
		{"dedented key", "a: 1\nb:\n  c: 1\n d: 2\n", 4, "did not find expected key"},
		{"list item under a mapping", "a: 1\nb:\n  c: 1\n  - x\n", 4, "did not find expected key"},
		{"lost indentation in a container", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lost\nspec:\n  containers:\n  - name: app\n    image: app:v1\n   ports:\n    - containerPort: 80\n", 9, "did not find expected key (check the indentation"},
		{"over-indented key", "a:\n  b: 1\n   c: 2\n", 3, "mapping values are not allowed in this context"},
		{"colon in a plain value", "a: 1\nb: c: d\n", 2, "mapping values are not allowed in this context (a value containing"},
		{"tab", "a: 1\nb:\n\tc: 1\n", 3, "found character that cannot start any token (YAML indents with spaces, not tabs)"},
		{"unclosed flow sequence", "a: 1\nb: [1, 2\nc: 3\n", 3, "did not find expected ',' or ']'"},
		{"missing comma in JSON", "{\"a\": 1,\n \"b\": 2\n \"c\": 3}\n", 3, "did not find expected ',' or '}'"},
		{"list after a mapping", "a: 1\n- b\n", 2, "did not find expected key"},
		{"problem on the first line", "a: @x\n", 1, "found character that cannot start any token"},
		{"unknown anchor", "a: 1\nb:\n  c: *x\n", 3, "unknown anchor 'x' referenced"},
		{"unclosed quote at the end", "a: 1\nb: \"abc\nc: 3\n", 3, "found unexpected end of stream"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A good document first, so that lines are counted across documents.
			prefix := objectYAML("") + "---\n"
			offset := strings.Count(prefix, "\n")
			objects, problems := Parse("s.yaml", []byte(prefix+tt.yaml))
			if len(objects) != 1 || len(problems) != 1 {
				t.Fatalf("%d objects, problems %v", len(objects), problems)
			}
			p := problems[0]
			if p.Location.Line != tt.line+offset || !strings.Contains(p.Message, tt.want) {
				t.Errorf("problem at line %d: %q; want line %d containing %q", p.Location.Line-offset, p.Message, tt.line, tt.want)
			}
		})
	}
}
