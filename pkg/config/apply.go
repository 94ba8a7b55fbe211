package config

import (
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// ExcludesPath reports whether a file is left out of the run.
func (c *Config) ExcludesPath(file string) bool {
	if len(c.Exclude.Paths) == 0 || file == "-" {
		return false
	}
	rel := filepath.ToSlash(file)
	if c.File != "" {
		if abs, err := filepath.Abs(file); err == nil {
			if r, err := filepath.Rel(filepath.Dir(c.File), abs); err == nil && !strings.HasPrefix(r, "..") {
				rel = filepath.ToSlash(r)
			}
		}
	}
	for _, glob := range c.Exclude.Paths {
		if globPattern(glob).MatchString(rel) {
			return true
		}
	}
	return false
}

// globPattern turns a path glob with "**" into a regexp: "*" and "?" stay
// within one directory, "**/" spans any number of them.
func globPattern(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(glob); i++ {
		switch ch := glob[i]; {
		case strings.HasPrefix(glob[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case strings.HasPrefix(glob[i:], "**"):
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// ExcludesObject reports whether an object is left out of the run.
func (c *Config) ExcludesObject(ref finding.ObjectRef) bool {
	for _, p := range c.Exclude.Objects {
		parts := strings.Split(p, "/")
		kind, namespace, name := parts[0], "*", parts[len(parts)-1]
		if len(parts) == 3 {
			namespace = parts[1]
		}
		if match(kind, ref.Kind) && match(namespace, ref.Namespace) && match(name, ref.Name) {
			return true
		}
	}
	return false
}

func match(pattern, value string) bool {
	ok, err := path.Match(pattern, value)
	return err == nil && ok
}

// Apply overrides severities and drops findings about excluded objects.
// It returns a new slice; the input is not changed.
func (c *Config) Apply(findings []finding.Finding) []finding.Finding {
	out := make([]finding.Finding, 0, len(findings))
	for _, f := range findings {
		if c.ExcludesObject(f.Object) {
			continue
		}
		if sev, ok := c.Severity[f.Rule]; ok {
			f.Severity, _ = finding.ParseSeverity(sev)
		}
		out = append(out, f)
	}
	return out
}
