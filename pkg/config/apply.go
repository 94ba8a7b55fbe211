package config

import (
	"fmt"
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
		// Parse checked every glob; one that does not compile (a Config
		// built by hand) excludes nothing.
		if re, err := globPattern(glob); err == nil && re.MatchString(rel) {
			return true
		}
	}
	return false
}

// globPattern turns a path glob into a regexp: "*" and "?" stay within one
// directory, "**/" spans any number of them, "[abc]", "[a-z]" and "[!x]"
// (or "[^x]") are character classes as in path.Match, and "\\" quotes the
// next character. A class left open, or empty, is an error: "[" read as a
// literal bracket would silently match nothing the author meant.
func globPattern(glob string) (*regexp.Regexp, error) {
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
		case ch == '\\':
			if i+1 == len(glob) {
				return nil, fmt.Errorf("%q ends with a lone backslash", glob)
			}
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		case ch == '[':
			end, class, err := globClass(glob, i)
			if err != nil {
				return nil, err
			}
			b.WriteString(class)
			i = end
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// globClass reads the character class that starts at glob[start] ("[")
// and returns the index of its "]" and the class as a regexp.
func globClass(glob string, start int) (int, string, error) {
	var b strings.Builder
	b.WriteString("[")
	i := start + 1
	if i < len(glob) && (glob[i] == '!' || glob[i] == '^') {
		b.WriteString("^/") // a negated class never matches a separator
		i++
	}
	first := i
	for ; i < len(glob); i++ {
		switch ch := glob[i]; {
		case ch == ']' && i > first:
			b.WriteString("]")
			return i, b.String(), nil
		case ch == '\\' && i+1 < len(glob):
			i++
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		case ch == '-' && i > first && i+1 < len(glob) && glob[i+1] != ']':
			b.WriteString("-")
		case ch == '/':
			return 0, "", fmt.Errorf("%q: a character class cannot hold /", glob)
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	return 0, "", fmt.Errorf("%q: the character class at column %d is not closed with ]", glob, start+1)
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
		// A rule's own id wins over the id of the rule it was split from.
		for _, name := range finding.RuleNames(f.Rule) {
			if sev, ok := c.Severity[name]; ok {
				f.Severity, _ = finding.ParseSeverity(sev)
				break
			}
		}
		out = append(out, f)
	}
	return out
}
