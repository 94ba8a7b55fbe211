// Package faultfs holds file systems that fail on purpose, for tests of
// what poddoctor does with input it cannot read. Root can list every
// directory, so chmod alone cannot make a directory unreadable in a test
// run as root; these can.
package faultfs

import "io/fs"

// UnlistableDir is FS with one directory that cannot be listed: ReadDir of
// Dir fails with a permission error, as for a directory without read
// permission; everything else is FS's.
type UnlistableDir struct {
	fs.FS
	Dir string
}

// ReadDir lists name, or fails with fs.ErrPermission when name is Dir.
func (f UnlistableDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.Dir {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(f.FS, name)
}
