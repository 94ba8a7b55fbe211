package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestInputSizeIsTold checks that Options.InputSize hears the size of the
// whole input, every file found in the paths, before the run: the command
// line sets its memory limit from it.
func TestInputSizeIsTold(t *testing.T) {
	dir := t.TempDir()
	docs := map[string]string{
		"a.yaml":     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
		"sub/b.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: v}\n",
	}
	var want int64
	for name, text := range docs {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		want += int64(len(text))
	}
	var told []int64
	linter, err := New(context.Background(), Options{InputSize: func(n int64) { told = append(told, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := linter.LintPaths(context.Background(), []string{dir}, nil); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0] != want {
		t.Errorf("InputSize was told %v, want [%d]", told, want)
	}
}
