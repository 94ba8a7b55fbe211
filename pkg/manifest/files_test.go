package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree creates files (with a little content) under dir.
func writeTree(t *testing.T, dir string, files ...string) {
	t.Helper()
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(objectYAML("")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir,
		"b.yaml", "a.yml", "c.json", "d.txt", "e.YAML", "Chart.lock",
		"sub/z.yaml", "sub/deeper/y.yml",
		".hidden.yaml", ".git/config.yaml", ".github/workflows/ci.yml",
		"notes/readme.md", "explicit.txt")
	if err := os.Symlink(filepath.Join(dir, "b.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing.yaml"), filepath.Join(dir, "dangling.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "subdir-link.yaml")); err != nil {
		t.Fatal(err)
	}
	explicit := filepath.Join(dir, "explicit.txt")
	got, err := Files([]string{dir, "-", explicit, filepath.Join(dir, "b.yaml"), dir + "/./a.yml"})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range got {
		r, err := filepath.Rel(dir, p)
		if p == "-" || err != nil {
			r = p
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	want := []string{"a.yml", "b.yaml", "c.json", "e.YAML", "link.yaml", "sub/deeper/y.yml", "sub/z.yaml", "-", "explicit.txt"}
	if strings.Join(rel, " ") != strings.Join(want, " ") {
		t.Errorf("Files =\n %v\nwant\n %v", rel, want)
	}
}

func TestFilesMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Files([]string{missing})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Files(%s) error = %v, want one naming the path", missing, err)
	}
}

func TestReadFile(t *testing.T) {
	objects, problems, err := ReadFile("-", strings.NewReader(objectYAML("")))
	if err != nil || len(problems) > 0 || len(objects) != 1 {
		t.Fatalf("ReadFile(-) = %v, %v, %v", objects, problems, err)
	}
	if objects[0].File != "<stdin>" || objects[0].Location().String() != "<stdin>:1:1" {
		t.Errorf("stdin object at %s, want <stdin>:1:1", objects[0].Location())
	}
	_, problems, err = ReadFile("-", strings.NewReader("a: b: c\n"))
	if err != nil || len(problems) != 1 || problems[0].Location.File != "<stdin>" {
		t.Errorf("broken stdin: problems %v, err %v", problems, err)
	}
	if _, _, err := ReadFile("-", nil); err == nil {
		t.Error("ReadFile(-) without stdin succeeded")
	}
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	if _, _, err := ReadFile(missing, nil); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("ReadFile(missing) error = %v", err)
	}
	if _, _, err := ReadFile(t.TempDir(), nil); err == nil {
		t.Error("ReadFile(directory) succeeded")
	}
}

// TestEncodings checks that pods02.yaml reads the same, with the same
// positions, in CRLF, with a UTF-8 byte order mark and in UTF-16.
func TestEncodings(t *testing.T) {
	data, err := os.ReadFile("testdata/pods02.yaml")
	if err != nil {
		t.Fatal(err)
	}
	utf16le := []byte{0xFF, 0xFE}
	for _, r := range string(data) {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	variants := map[string][]byte{
		"crlf":     []byte(strings.ReplaceAll(string(data), "\n", "\r\n")),
		"lone cr":  []byte(strings.ReplaceAll(string(data), "\n", "\r")),
		"utf-8bom": append([]byte{0xEF, 0xBB, 0xBF}, data...),
		"utf-16le": utf16le,
	}
	for name, v := range variants {
		objects, problems := Parse(name, v)
		if len(problems) > 0 || len(objects) != 1 {
			t.Errorf("%s: %d objects, problems %v", name, len(objects), problems)
			continue
		}
		loc := objects[0].Position("spec.containers[1].image")
		if loc.Line != 12 || loc.Column != 12 {
			t.Errorf("%s: image of webwatcher at %d:%d, want 12:12", name, loc.Line, loc.Column)
		}
		if img := dataAt(objects[0].Data, "spec.containers[1].image"); img != "afakharany/watcher:latest" {
			t.Errorf("%s: image = %q", name, img)
		}
	}
}
