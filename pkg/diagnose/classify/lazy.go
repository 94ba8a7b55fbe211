package classify

import (
	"regexp"
	"sync"
)

// lazyRE is a regular expression compiled the first time it is used. The
// package holds more than a hundred; compiling them all when the program
// starts cost every command (lint too) about 7 ms before main ran. Its
// methods are those of regexp.Regexp the package calls.
type lazyRE struct {
	expr string
	re   func() *regexp.Regexp
}

// patterns are every lazyRE of the package, for the test that compiles
// them all.
var patterns []*lazyRE

// lazyRegexp returns expr, to be compiled on first use; an invalid expr
// panics there, as regexp.MustCompile would have at start-up
// (TestPatternsCompile compiles every one).
func lazyRegexp(expr string) *lazyRE {
	l := &lazyRE{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	patterns = append(patterns, l)
	return l
}

// String returns the source text of the expression.
func (l *lazyRE) String() string { return l.expr }

// MatchString reports whether s holds a match.
func (l *lazyRE) MatchString(s string) bool { return l.re().MatchString(s) }

// FindString returns the leftmost match in s.
func (l *lazyRE) FindString(s string) string { return l.re().FindString(s) }

// FindStringIndex returns where the leftmost match in s is.
func (l *lazyRE) FindStringIndex(s string) []int { return l.re().FindStringIndex(s) }

// FindStringSubmatch returns the leftmost match in s and its submatches.
func (l *lazyRE) FindStringSubmatch(s string) []string { return l.re().FindStringSubmatch(s) }

// FindStringSubmatchIndex returns where the leftmost match in s and its
// submatches are.
func (l *lazyRE) FindStringSubmatchIndex(s string) []int {
	return l.re().FindStringSubmatchIndex(s)
}

// FindAllString returns up to n successive matches in s.
func (l *lazyRE) FindAllString(s string, n int) []string { return l.re().FindAllString(s, n) }

// FindAllStringSubmatch returns up to n successive matches in s with
// their submatches.
func (l *lazyRE) FindAllStringSubmatch(s string, n int) [][]string {
	return l.re().FindAllStringSubmatch(s, n)
}

// ReplaceAllString replaces the matches in s.
func (l *lazyRE) ReplaceAllString(s, repl string) string { return l.re().ReplaceAllString(s, repl) }

// ReplaceAllStringFunc replaces the matches in s with what repl returns.
func (l *lazyRE) ReplaceAllStringFunc(s string, repl func(string) string) string {
	return l.re().ReplaceAllStringFunc(s, repl)
}
