package manifest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/poddoctor/poddoctor/internal/readlimit"
)

// Files expands command-line paths into the manifest files to read.
//
// A directory gives, recursively and in lexical order, its files ending in
// .yaml, .yml or .json (any case); hidden directories and files (.git,
// .github, .pre-commit-config.yaml) are skipped, and symbolic links to
// directories are not followed. A file named explicitly is kept whatever its
// extension, and "-" (standard input) is kept as is. A path named twice is
// kept once. A path that does not exist is an error naming it.
func Files(paths []string) ([]string, error) {
	files, _, err := FindFiles(paths)
	return files, err
}

// Skipped is something found inside a directory that cannot be read: a
// subdirectory that cannot be listed, or a manifest-named entry that is not
// a regular file (a named pipe, a device). The rest is read.
type Skipped struct {
	Path   string
	Reason string
}

// FindFiles is Files that also returns what it found but cannot read, so
// that a run can say so instead of passing over it. Only a named path that
// does not exist or cannot be listed at all is an error.
func FindFiles(paths []string) ([]string, []Skipped, error) {
	var files []string
	var skipped []Skipped
	seen := make(map[string]bool)
	add := func(p string) {
		key := p
		if p != "-" {
			key = filepath.Clean(p)
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, p)
		}
	}
	skip := func(s Skipped) { skipped = append(skipped, s) }
	for _, p := range paths {
		if p == "-" {
			add(p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("find manifests: %w", err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		if err := walkManifests(p, add, skip); err != nil {
			return nil, nil, err
		}
	}
	return files, skipped, nil
}

// dirFS opens a directory tree for walking; tests replace it with a file
// system that fails where they need it to (root can read any directory, so
// permissions alone cannot make one unreadable).
var dirFS = os.DirFS

// walkManifests calls add for each manifest file under dir, and skip for
// each subdirectory that cannot be listed and each manifest-named entry
// that is not a regular file.
func walkManifests(dir string, add func(string), skip func(Skipped)) error {
	return fs.WalkDir(dirFS(dir), ".", func(rel string, d fs.DirEntry, err error) error {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err != nil {
			if rel == "." {
				return fmt.Errorf("find manifests in %s: %w", dir, err)
			}
			skip(Skipped{Path: path, Reason: fmt.Sprintf("cannot be read (%v); nothing in it was linted", pathErrorCause(err))})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !isManifestName(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Only links to regular files: a dangling link is not a manifest.
			if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			skip(Skipped{Path: path, Reason: "is not a regular file (" + readlimit.Kind(d.Type()) + "); not read"})
			return nil
		}
		add(path)
		return nil
	})
}

// pathErrorCause drops the path from a *fs.PathError, which the message
// names already.
func pathErrorCause(err error) error {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}

// isManifestName reports whether a file name has a manifest extension.
func isManifestName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

// ReadFile reads and parses one manifest file, or standard input for "-".
// The error is for a file that cannot be read at all; everything wrong
// inside the file is a Problem.
func ReadFile(path string, stdin io.Reader) ([]*Object, []Problem, error) {
	return ReadFileWith(path, stdin, Options{})
}

// ChunkDocuments is how many documents ReadFileChunks parses at a time.
const ChunkDocuments = 4096

// ReadFileChunks is ReadFileWith that hands the objects over a chunk of
// documents at a time, in order, so that a file of many small documents
// never has all its objects alive at once: memory follows the chunk (and
// the file's text), not the number of objects. each is not called
// concurrently; an error from it stops the reading and is returned.
func ReadFileChunks(path string, stdin io.Reader, opts Options, each func([]*Object, []Problem) error) error {
	data, err := readInput(path, stdin, opts)
	if err != nil {
		return err
	}
	file := path
	if file == "-" {
		file = StdinName
	}
	docs := splitDocuments(normalizeText(data))
	index := 0
	for start := 0; start < len(docs); start += ChunkDocuments {
		objects, problems := collectDocuments(parseDocuments(file, docs[start:min(start+ChunkDocuments, len(docs))], opts.maxDocumentBytes()), &index)
		clear(docs[start:min(start+ChunkDocuments, len(docs))])
		if err := each(objects, problems); err != nil {
			return err
		}
	}
	return nil
}

// readInput reads a file, or standard input for "-", within the limits.
func readInput(path string, stdin io.Reader, opts Options) ([]byte, error) {
	if path == "-" {
		if stdin == nil {
			return nil, fmt.Errorf("read manifests from %s: no standard input", StdinName)
		}
		data, err := readlimit.Reader(stdin, StdinName, opts.MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("read manifests from %s: %w", StdinName, err)
		}
		return data, nil
	}
	data, err := readlimit.File(path, opts.MaxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("read manifests: %w", err)
	}
	return data, nil
}

// ReadFileWith is ReadFile with options. Only a regular file is opened,
// and neither a file nor standard input is read past
// Options.MaxFileBytes.
func ReadFileWith(path string, stdin io.Reader, opts Options) ([]*Object, []Problem, error) {
	data, err := readInput(path, stdin, opts)
	if err != nil {
		return nil, nil, err
	}
	objects, problems := parseOwned(path, data, opts) // data is ours alone
	return objects, problems, nil
}

// SetDirFS replaces how directories are opened for walking, for tests in
// other packages that need a directory which cannot be listed; it returns
// a function that puts the real one back.
func SetDirFS(open func(dir string) fs.FS) (restore func()) {
	old := dirFS
	dirFS = open
	return func() { dirFS = old }
}
