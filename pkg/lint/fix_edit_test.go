package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// typoDeployment is a Deployment whose second container's image is
// misspelled; %s is how the image is written.
const typoDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: %s   # the typo
`

// TestFixEditFromTheFile: the image-typo fix of a manifest on disk carries
// the text edit that applies it, at the image's own line and columns, in
// the image's own quoting; applied, the file reads as the suggestion.
func TestFixEditFromTheFile(t *testing.T) {
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, written := range []string{"ngnix:1.27", "'ngnix:1.27'", `"ngnix:1.27"`} {
		t.Run(written, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "web.yaml")
			text := strings.Replace(typoDeployment, "%s", written, 1)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			res, err := linter.LintPaths(context.Background(), []string{path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			f := fixOf(t, res.Findings)
			e := f.Fix.Edit
			if e == nil {
				t.Fatalf("the fix %+v has no edit", *f.Fix)
			}
			wantText := strings.Replace(written, "ngnix", "nginx", 1)
			if e.File != path || e.Line != 14 || e.Column != 18 || e.EndColumn != 18+len(written) || e.Text != wantText {
				t.Errorf("edit = %+v, want %s:14:18-%d %q", *e, path, 18+len(written), wantText)
			}
			lines := strings.Split(text, "\n")
			line := lines[e.Line-1]
			lines[e.Line-1] = line[:e.Column-1] + e.Text + line[e.EndColumn-1:]
			objs, problems := manifest.Parse(path, []byte(strings.Join(lines, "\n")))
			if len(problems) > 0 || len(objs) != 1 {
				t.Fatalf("the edited file reads as %d objects, problems %v", len(objs), problems)
			}
			if got, _, _ := objs[0].ScalarAt(f.Fix.Path); got != f.Fix.Value {
				t.Errorf("after the edit %s is %q, want %q", f.Fix.Path, got, f.Fix.Value)
			}
		})
	}
}

// TestFixEditOnlyWhenCertain: a fix gets no edit when the text it would
// replace is not in a file as the object holds it: standard input, objects
// read from bytes that differ from the file of that name, a value that a
// YAML alias brings in.
func TestFixEditOnlyWhenCertain(t *testing.T) {
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	onDisk := filepath.Join(dir, "web.yaml")
	if err := os.WriteFile(onDisk, []byte(strings.Replace(typoDeployment, "%s", "nginx:1.27", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	typo := strings.Replace(typoDeployment, "%s", "ngnix:1.27", 1)
	withAlias := strings.Replace(typo, "metadata:\n  name: web", "metadata:\n  name: web\n  annotations: {img: &img ngnix:1.27}", 1)
	withAlias = strings.Replace(withAlias, "image: ngnix:1.27", "image: *img", 1)
	aliasPath := filepath.Join(dir, "alias.yaml")
	if err := os.WriteFile(aliasPath, []byte(withAlias), 0o600); err != nil {
		t.Fatal(err)
	}

	stdin, err := linter.LintPaths(context.Background(), []string{"-"}, strings.NewReader(typo))
	if err != nil {
		t.Fatal(err)
	}
	changed, problems := manifest.Parse(onDisk, []byte(typo))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	alias, err := linter.LintPaths(context.Background(), []string{aliasPath}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, findings := range map[string][]finding.Finding{
		"standard input":     stdin.Findings,
		"file changed":       linter.LintObjects(context.Background(), changed).Findings,
		"value from a alias": alias.Findings,
	} {
		if f := fixOf(t, findings); f.Fix.Edit != nil {
			t.Errorf("%s: the fix has the edit %+v, want none", name, *f.Fix.Edit)
		}
	}
}

// fixOf returns the one image-typo finding, with its fix.
func fixOf(t *testing.T, findings []finding.Finding) finding.Finding {
	t.Helper()
	for _, f := range findings {
		if f.Rule == "image-typo" && f.Fix != nil {
			return f
		}
	}
	t.Fatalf("no image-typo finding with a fix in %v", findings)
	return finding.Finding{}
}

// TestUnknownKindFixIsAnEdit: the apiVersion a misplaced kind belongs to
// is a fix with its text edit, and applied it gives an object no rule
// calls unknown.
func TestUnknownKindFixIsAnEdit(t *testing.T) {
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "deploy.yaml")
	text := "apiVersion: v1   # copied from a Pod\nkind: Deployment\nmetadata:\n  name: web\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := linter.LintPaths(context.Background(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var edit *finding.TextEdit
	for _, f := range res.Findings {
		if f.Rule == RuleUnknownKind && f.Fix != nil {
			edit = f.Fix.Edit
		}
	}
	want := finding.TextEdit{File: path, Line: 1, Column: 13, EndColumn: 15, Text: "apps/v1"}
	if edit == nil || *edit != want {
		t.Fatalf("unknown-kind edit = %+v, want %+v (findings %v)", edit, want, res.Findings)
	}
}

// TestReadLine: the line a fix's edit is checked against, read back from
// the file as it is on disk: line endings off, every line before it
// passed over, and no line when any line up to it is longer than
// maxFixLineBytes or the file ends before it.
func TestReadLine(t *testing.T) {
	long := strings.Repeat("x", maxFixLineBytes+1)
	tests := []struct {
		name, text string
		n          int
		want       string
		ok         bool
	}{
		{"first", "a: 1\nb: 2\n", 1, "a: 1", true},
		{"last without newline", "a: 1\nb: 2", 2, "b: 2", true},
		{"carriage return", "a: 1\r\nb: 2\r\n", 2, "b: 2", true},
		{"far into the file", strings.Repeat("k: v\n", 5000) + "image: ngnix\n", 5001, "image: ngnix", true},
		{"past the end", "a: 1\n", 2, "", false},
		{"line zero", "a: 1\n", 0, "", false},
		{"long line before", long + "\nimage: ngnix\n", 2, "", false},
		{"long line itself", "a: 1\n" + long + "\n", 2, "", false},
		{"just under the bound", strings.Repeat("y", maxFixLineBytes-1) + "\nimage: ngnix\n", 2, "image: ngnix", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.yaml")
			if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
				t.Fatal(err)
			}
			got, ok := readLine(path, tt.n, 1<<30)
			if got != tt.want || ok != tt.ok {
				t.Errorf("readLine(%d) = %.40q, %v; want %.40q, %v", tt.n, got, ok, tt.want, tt.ok)
			}
		})
	}
}
