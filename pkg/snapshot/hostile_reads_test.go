//go:build unix

package snapshot

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/poddoctor/poddoctor/internal/faultfs"
)

// copyDump copies the cluster-info dump testdata to a directory the test
// may change.
func copyDump(t *testing.T) string {
	t.Helper()
	src := "../../testdata/diagnose/cluster-info-dump"
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func gapTexts(s *Snapshot) string {
	var b strings.Builder
	for _, g := range s.Gaps {
		fmt.Fprintf(&b, "%s: %s\n", g.Source, g.Text)
	}
	return b.String()
}

// TestDumpWithAPipeInside: a named pipe inside a dump is a gap naming it,
// never opened, and the rest of the dump is read.
func TestDumpWithAPipeInside(t *testing.T) {
	dump := copyDump(t)
	pipe := filepath.Join(dump, "shop", "events.json")
	if err := os.Remove(pipe); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	s, err := Load([]string{dump}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(gapTexts(s), pipe+" is not a regular file") {
		t.Errorf("gaps:\n%s\nwant one naming %s", gapTexts(s), pipe)
	}
	if len(s.Pods) == 0 {
		t.Error("the rest of the dump was not read")
	}
	// Named on its own, it is an error, still without opening it.
	if _, err := Load([]string{pipe}, nil); err == nil || !strings.Contains(err.Error(), "not a regular file (a named pipe)") {
		t.Errorf("Load(pipe) = %v, want a refusal", err)
	}
}

// TestUnreadableDumpNamespace: a namespace directory that cannot be
// listed (injected: root can list any directory) is a gap naming it.
func TestUnreadableDumpNamespace(t *testing.T) {
	dump := copyDump(t)
	old := dirFS
	dirFS = func(root string) fs.FS { return faultfs.UnlistableDir{FS: os.DirFS(root), Dir: "shop"} }
	defer func() { dirFS = old }()
	s, err := Load([]string{dump}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dump, "shop") + " cannot be read (permission denied)"
	if !strings.Contains(gapTexts(s), want) {
		t.Errorf("gaps:\n%s\nwant %q", gapTexts(s), want)
	}
	for _, p := range s.Pods {
		if p.Namespace == "shop" {
			t.Errorf("pod %s of the unreadable namespace was read", p.Name)
		}
	}
	if len(s.Pods) == 0 {
		t.Error("the readable namespaces were not read")
	}
}

// TestLargeLogFileKeepsTails: a logs.txt far larger than what is kept
// gives each container its newest lines, the kubectl error body its mark,
// and a file over --max-file-size is still read, from its tail.
func TestLargeLogFileKeepsTails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop", "web-1")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("==== START logs for container init of pod shop/web-1 ====\n")
	b.WriteString("Request log error: the server rejected our request\n")
	b.WriteString("==== END logs for container init of pod shop/web-1 ====\n")
	b.WriteString("==== START logs for container app of pod shop/web-1 ====\n")
	for i := range 200_000 {
		fmt.Fprintf(&b, "line %d of a chatty application log\n", i)
	}
	b.WriteString("panic: the last words")
	b.WriteString("==== END logs for container app of pod shop/web-1 ====\n")
	file := filepath.Join(dir, "logs.txt")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadWith([]string{file}, nil, Options{MaxFileBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	app := s.Logs[ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app"}]
	if len(app) > LogTailBytes || !strings.HasSuffix(app, "line 199999 of a chatty application log\npanic: the last words") {
		t.Errorf("app log: %d bytes ending %q", len(app), app[max(0, len(app)-80):])
	}
	if strings.Contains(app, "line 0 of") {
		t.Error("the head of the log was kept")
	}
	if _, ok := s.Logs[ContainerKey{Namespace: "shop", Pod: "web-1", Container: "init"}]; ok {
		t.Error("kubectl's error body was kept as a log")
	}
}
