package faultfs

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestUnlistableDir(t *testing.T) {
	fsys := UnlistableDir{FS: fstest.MapFS{"a/x.yaml": {}, "b/y.yaml": {}}, Dir: "b"}
	if _, err := fs.ReadDir(fsys, "b"); !errors.Is(err, fs.ErrPermission) {
		t.Errorf("ReadDir(b) = %v, want a permission error", err)
	}
	entries, err := fs.ReadDir(fsys, "a")
	if err != nil || len(entries) != 1 {
		t.Errorf("ReadDir(a) = %v, %v, want one entry", entries, err)
	}
}
