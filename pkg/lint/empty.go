package lint

import (
	"fmt"
	"strings"
)

// EmptyInputError says a run checked nothing: no file was found, every
// file was excluded, or the files read held no Kubernetes object and
// nothing was wrong with them. A gate that passes on it would pass a
// pipeline whose manifests never arrived (`false | poddoctor lint -`),
// so Result.Empty returns it and the command line exits 2 on it.
type EmptyInputError struct {
	// Inputs are the paths the run was given ("-" for standard input);
	// nil when the objects were handed over (LintObjects).
	Inputs []string
	// Files is how many files were read, Excluded how many more were
	// found and left out by Options.ExcludePath.
	Files, Excluded int
}

func (e *EmptyInputError) Error() string {
	where := describeInputs(e.Inputs)
	switch {
	case e.Inputs == nil:
		return "nothing to lint: no object was given"
	case e.Files == 0 && e.Excluded > 0:
		if e.Excluded == 1 {
			return "nothing to lint: the one manifest file in " + where + " is excluded"
		}
		return fmt.Sprintf("nothing to lint: all %d manifest files in %s are excluded", e.Excluded, where)
	case e.Files == 0:
		return "nothing to lint: no .yaml, .yml or .json file in " + where
	case e.Files == 1:
		return "nothing to lint: " + where + " holds no Kubernetes object"
	}
	return fmt.Sprintf("nothing to lint: the %d files in %s hold no Kubernetes object", e.Files, where)
}

// describeInputs names the paths of a run for a person, "-" as standard
// input. Paths are quoted when they hold anything but plain characters, so
// a file name cannot pass for part of the sentence.
func describeInputs(paths []string) string {
	names := make([]string, 0, len(paths))
	for _, p := range paths {
		if p == "-" {
			names = append(names, "standard input")
			continue
		}
		names = append(names, quoteIfNeeded(p))
	}
	return strings.Join(names, ", ")
}

// quoteIfNeeded returns p as it is when it is printable ASCII without
// spaces or quotes, and Go-quoted (control characters escaped) otherwise.
func quoteIfNeeded(p string) string {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return fmt.Sprintf("%q", p)
		}
	}
	return p
}

// Empty returns an *EmptyInputError when the run checked nothing: no
// object was read and no finding says why. A file that does not parse is
// not empty, since its invalid-manifest finding is the answer. Callers
// that accept an empty input (a directory that may legitimately hold no
// manifest yet) ignore it; the command line's --allow-empty does.
func (r Result) Empty() error {
	if r.Objects > 0 || len(r.Findings) > 0 || len(r.Suppressed) > 0 {
		return nil
	}
	return &EmptyInputError{Inputs: r.Inputs, Files: r.Files, Excluded: r.Excluded}
}
