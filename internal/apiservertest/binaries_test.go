package apiservertest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestBinariesNeverBuildUnlessRequired asks for kube-apiserver with an
// empty binary cache, as a fresh checkout's plain `go test ./...` would:
// nothing is built (the cache stays empty, no build lock is taken), and the
// error, which Shared turns into the skip, is one line naming what is
// missing and the script that gets it.
func TestBinariesNeverBuildUnlessRequired(t *testing.T) {
	cache, err := binariesWithEmptyCache(t)
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "kube-apiserver") || !strings.Contains(msg, "test/apiserver/build.sh") || !strings.Contains(msg, "not built") {
		t.Errorf("error %q: want one line naming kube-apiserver, that it is not built, and test/apiserver/build.sh", msg)
	}
	entries, err := os.ReadDir(cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) > 0 {
		t.Errorf("the cache holds %v: something was built or locked", entries)
	}
}

// TestBinariesFindsTheCachedBuild puts a kube-apiserver where build.sh
// caches it: Binaries returns it without building.
func TestBinariesFindsTheCachedBuild(t *testing.T) {
	cache, err := binariesWithEmptyCache(t)
	// The message names the path build.sh would cache the binary at.
	msg := err.Error()
	start := strings.Index(msg, "(")
	end := strings.Index(msg, " is missing)")
	if start < 0 || end < start {
		t.Fatalf("error %q names no cache path", msg)
	}
	want := msg[start+1 : end]
	if filepath.Dir(want) != cache || !strings.HasSuffix(want, "-"+runtime.GOOS+"-"+runtime.GOARCH) {
		t.Fatalf("cache path %q is not NAME-VERSION-OS-ARCH under %s", want, cache)
	}
	fakeExecutable(t, cache, filepath.Base(want))
	_, apiserver, err := Binaries()
	if err != nil {
		t.Fatal(err)
	}
	if apiserver != want {
		t.Errorf("kube-apiserver = %s, want %s", apiserver, want)
	}
}

func fakeExecutable(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// binariesWithEmptyCache asks Binaries for kube-apiserver with an empty
// binary cache (returned), a fake etcd and no requirement to build, and
// fails the test unless that is an error.
func binariesWithEmptyCache(t *testing.T) (cache string, err error) {
	t.Helper()
	cache = t.TempDir()
	t.Setenv("PODDOCTOR_CACHE", cache)
	t.Setenv("PODDOCTOR_KUBE_APISERVER", "")
	t.Setenv("PODDOCTOR_REQUIRE_APISERVER", "")
	t.Setenv("PODDOCTOR_ETCD", fakeExecutable(t, t.TempDir(), "etcd"))
	if _, _, err = Binaries(); err == nil {
		t.Fatal("Binaries found a kube-apiserver in an empty cache")
	}
	return cache, err
}
