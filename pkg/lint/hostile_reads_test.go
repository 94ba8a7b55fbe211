//go:build unix

package lint

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/poddoctor/poddoctor/internal/faultfs"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// TestHostileReads names, or hides in a directory, files that would hang a
// reader or fill its memory. Each is refused with a finding that names it,
// without being opened, and the good manifest beside it is still linted.
func TestHostileReads(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifoInDir := filepath.Join(dir, "pipe.yaml")
	named := filepath.Join(t.TempDir(), "named-pipe")
	for _, p := range []string{fifoInDir, named} {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no named pipes here: %v", err)
		}
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, []byte(strings.Repeat("# filler\n", 2000)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		paths []string
		want  []string // the file and the reason, in one finding each
	}{
		{"named pipe in a directory", []string{dir}, []string{fifoInDir, "not a regular file"}},
		{"named pipe named", []string{named, good}, []string{named, "not a regular file (a named pipe)"}},
		{"/dev/zero named", []string{"/dev/zero", good}, []string{"/dev/zero", "not a regular file (a character device)"}},
		{"file over the limit", []string{big, good}, []string{big, "larger than the 1Ki limit (--max-file-size)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			linter, err := New(context.Background(), Options{MaxFileBytes: 1 << 10})
			if err != nil {
				t.Fatal(err)
			}
			result, err := linter.LintPaths(context.Background(), tt.paths, nil)
			if err != nil {
				t.Fatal(err)
			}
			refused, linted := false, false
			for _, f := range result.Findings {
				if f.Rule == RuleInvalidManifest && f.Location != nil && f.Location.File == tt.want[0] && strings.Contains(f.Message, tt.want[1]) {
					refused = true
				}
				linted = linted || f.Location != nil && f.Location.File == good && f.Rule == "latest-tag"
			}
			if !refused {
				t.Errorf("no invalid-manifest finding names %s with %q: %+v", tt.want[0], tt.want[1], result.Findings)
			}
			if !linted {
				t.Errorf("good.yaml was not linted beside it")
			}
		})
	}
}

// TestStandardInputOverTheLimit: standard input is read no further than
// the limit, which the finding names.
func TestStandardInputOverTheLimit(t *testing.T) {
	linter, err := New(context.Background(), Options{MaxFileBytes: 1 << 10})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(context.Background(), []string{"-"}, zeroReader{})
	if err != nil {
		t.Fatal(err)
	}
	if len(result.Findings) != 1 || !strings.Contains(result.Findings[0].Message, "larger than the 1Ki limit") {
		t.Fatalf("findings = %+v, want one naming the limit", result.Findings)
	}
}

// zeroReader is /dev/zero: it never ends.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestUnreadableSubdirectory: a subdirectory that cannot be listed is a
// finding naming it, and every readable file is still linted.
func TestUnreadableSubdirectory(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"team-a", "team-b"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, sub, "pod.yaml"), []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: "+sub+"\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	restore := manifest.SetDirFS(func(root string) fs.FS { return faultfs.UnlistableDir{FS: os.DirFS(root), Dir: "team-b"} })
	defer restore()
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatalf("one unreadable subdirectory stopped the run: %v", err)
	}
	var named, linted bool
	for _, f := range result.Findings {
		if f.Rule == RuleInvalidManifest && f.Location.File == filepath.Join(dir, "team-b") && strings.Contains(f.Message, "permission denied") {
			named = true
		}
		linted = linted || f.Object.Name == "team-a"
	}
	if !named {
		t.Errorf("no finding names the unreadable directory: %+v", result.Findings)
	}
	if !linted {
		t.Error("the readable directory was not linted")
	}
}
