package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResultEmpty checks that a Go program sees an empty run the way the
// command line does: Result.Empty names what held nothing.
func TestResultEmpty(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	pod := write("app/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n")
	blank := write("blank.yaml", "\n# nothing\n")
	broken := write("broken.yaml", "kind: Pod\nmetadata: [\n")
	if err := os.MkdirAll(filepath.Join(dir, "none"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	plain, err := New(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	excluding, err := New(ctx, Options{ExcludePath: func(string) bool { return true }})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		linter *Linter
		paths  []string
		stdin  string
		want   string // "" for not empty
	}{
		{"a pod", plain, []string{pod}, "", ""},
		{"a file that does not parse", plain, []string{broken}, "", ""},
		{"empty stdin", plain, []string{"-"}, "", "standard input holds no Kubernetes object"},
		{"blank file", plain, []string{blank}, "", blank + " holds no Kubernetes object"},
		{"two blank inputs", plain, []string{blank, "-"}, "", "the 2 files in " + blank + ", standard input hold no Kubernetes object"},
		{"directory without manifests", plain, []string{filepath.Join(dir, "none")}, "", "no .yaml, .yml or .json file in"},
		{"everything excluded", excluding, []string{filepath.Join(dir, "app")}, "", "the one manifest file in"},
		{"a file name with an escape", plain, []string{write("x\x1b[2Jy.yaml", "")}, "", `x\x1b[2Jy.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.linter.LintPaths(ctx, tt.paths, strings.NewReader(tt.stdin))
			if err != nil {
				t.Fatal(err)
			}
			got := res.Empty()
			if tt.want == "" {
				if got != nil {
					t.Fatalf("Empty() = %v, want nil", got)
				}
				return
			}
			var empty *EmptyInputError
			if !errors.As(got, &empty) || !strings.Contains(got.Error(), tt.want) {
				t.Fatalf("Empty() = %v, want an EmptyInputError containing %q", got, tt.want)
			}
			if strings.ContainsRune(got.Error(), 0x1b) {
				t.Errorf("the message carries a raw escape: %q", got.Error())
			}
		})
	}
	if err := plain.LintObjects(ctx, nil).Empty(); err == nil {
		t.Error("LintObjects of nothing is not empty")
	}
}
