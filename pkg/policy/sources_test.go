package policy

import (
	"testing"
	"testing/fstest"
)

// TestGoSourcesDigest checks that the digest follows the Go code and
// nothing else: a changed or added source file changes it, a test file or
// another file does not.
func TestGoSourcesDigest(t *testing.T) {
	base := fstest.MapFS{
		"load.go":      {Data: []byte("package policy\n")},
		"registry.go":  {Data: []byte("package policy\n\nvar x = 1\n")},
		"load_test.go": {Data: []byte("package policy\n")},
		"README.md":    {Data: []byte("notes\n")},
	}
	want := GoSourcesDigest(base)
	with := func(name, data string) fstest.MapFS {
		out := fstest.MapFS{}
		for k, v := range base {
			out[k] = v
		}
		out[name] = &fstest.MapFile{Data: []byte(data)}
		return out
	}
	for name, data := range map[string]string{"registry.go": "package policy\n\nvar x = 2\n", "new.go": "package policy\n"} {
		if GoSourcesDigest(with(name, data)) == want {
			t.Errorf("changing %s left the digest unchanged", name)
		}
	}
	for name, data := range map[string]string{"load_test.go": "package policy\n\nfunc f() {}\n", "README.md": "other\n"} {
		if GoSourcesDigest(with(name, data)) != want {
			t.Errorf("changing %s changed the digest", name)
		}
	}
	if SourcesDigest() == ([32]byte{}) || SourcesDigest() == GoSourcesDigest(fstest.MapFS{}) {
		t.Error("the package's own digest hashes nothing")
	}
}
