package manifest

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
	var files []string
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
	for _, p := range paths {
		if p == "-" {
			add(p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("find manifests: %w", err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		if err := walkManifests(p, add); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// walkManifests calls add for each manifest file under dir.
func walkManifests(dir string, add func(string)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("find manifests in %s: %w", dir, err)
		}
		if path == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
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
			return nil
		}
		add(path)
		return nil
	})
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

// ReadFileWith is ReadFile with options.
func ReadFileWith(path string, stdin io.Reader, opts Options) ([]*Object, []Problem, error) {
	var data []byte
	var err error
	if path == "-" {
		if stdin == nil {
			return nil, nil, fmt.Errorf("read manifests from %s: no standard input", StdinName)
		}
		data, err = io.ReadAll(stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("read manifests from %s: %w", StdinName, err)
		}
	} else {
		data, err = os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("read manifests: %w", err)
		}
	}
	objects, problems := parseOwned(path, data, opts) // data is ours alone
	return objects, problems, nil
}
