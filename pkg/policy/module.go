package policy

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Module is one Rego source file.
type Module struct {
	// File names the module in error messages and rule sources:
	// "rules/lint/latest_tag.rego" or a user's path.
	File   string
	Source string
	// User marks modules loaded with --policy: they run with restricted
	// capabilities and may use conftest conventions.
	User bool
}

// IsTest reports whether the module holds Rego unit tests (`_test.rego`),
// which are compiled only by the test runner, never into an engine.
func (m Module) IsTest() bool { return strings.HasSuffix(m.File, "_test.rego") }

// ModulesFromFS reads every .rego file below dir of fsys, sorted by name,
// naming each prefix/relative-path. It is how the embedded built-ins load.
func ModulesFromFS(fsys fs.FS, dir, prefix string) ([]Module, error) {
	var modules []Module
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read policy %s: %w", p, err)
		}
		modules = append(modules, Module{File: path.Join(prefix, p), Source: string(src)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load built-in policies from %s: %w", dir, err)
	}
	sort.Slice(modules, func(i, j int) bool { return modules[i].File < modules[j].File })
	return modules, nil
}

// LoadDir reads the user policies in dir (recursively) or the single file
// dir names. Test files are included; engines skip them, the test runner
// uses them. A directory without any .rego file is an error, because a
// mistyped --policy path must not silently check nothing.
func LoadDir(dir string) ([]Module, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	if !info.IsDir() {
		src, err := os.ReadFile(dir)
		if err != nil {
			return nil, fmt.Errorf("load policies: %w", err)
		}
		return []Module{{File: dir, Source: string(src), User: true}}, nil
	}
	var modules []Module
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".rego") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		modules = append(modules, Module{File: p, Source: string(src), User: true})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load policies from %s: %w", dir, err)
	}
	if len(modules) == 0 {
		return nil, fmt.Errorf("load policies from %s: no .rego files found", dir)
	}
	return modules, nil
}
