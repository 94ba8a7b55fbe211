package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadModTime keeps the latest modification time of the files read,
// from a file named on its own and from a directory, and none for stdin.
func TestLoadModTime(t *testing.T) {
	dir := t.TempDir()
	pod := `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"x","creationTimestamp":"2026-11-25T07:00:00Z"}}`
	older, newer := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC), time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for name, at := range map[string]time.Time{"a.json": older, "b.json": newer} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(pod), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, at, at); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ModTime.Equal(newer) {
		t.Errorf("directory: ModTime %s, want %s", s.ModTime, newer)
	}
	s, err = Load([]string{filepath.Join(dir, "a.json")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.ModTime.Equal(older) {
		t.Errorf("file: ModTime %s, want %s", s.ModTime, older)
	}
	s, err = Load([]string{"-"}, strings.NewReader(pod))
	if err != nil {
		t.Fatal(err)
	}
	if !s.ModTime.IsZero() {
		t.Errorf("stdin: ModTime %s, want zero", s.ModTime)
	}
}
