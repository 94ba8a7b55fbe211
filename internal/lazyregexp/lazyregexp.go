// Package lazyregexp holds regular expressions compiled the first time
// they are used rather than when the program starts. Package-level
// regexp.MustCompile calls run before main in every command: the
// classifiers of pkg/diagnose/classify and the redaction patterns of
// pkg/redact cost `poddoctor lint` about 8 ms of start-up that way, for
// patterns most runs never use.
package lazyregexp

import (
	"fmt"
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on first use. Its methods are
// those of regexp.Regexp that poddoctor calls.
type Regexp struct {
	expr string
	re   func() *regexp.Regexp
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns expr, to be compiled on first use. An invalid expr panics
// there, as regexp.MustCompile would have at start-up; All lists every
// Regexp so that a test can compile them all.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// All returns every Regexp made so far by the packages of the program.
func All() []*Regexp {
	mu.Lock()
	defer mu.Unlock()
	return append([]*Regexp(nil), all...)
}

// CompileErrors compiles every Regexp made so far, as each would be on
// first use, and returns an error for each that does not compile: a
// package's test fails on them rather than a run in the middle of its work.
func CompileErrors() []error {
	var errs []error
	for _, r := range All() {
		if _, err := regexp.Compile(r.expr); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", r.expr, err))
		}
	}
	return errs
}

// Compiled returns the compiled expression, compiling it if need be.
func (r *Regexp) Compiled() *regexp.Regexp { return r.re() }

// String returns the source text of the expression.
func (r *Regexp) String() string { return r.expr }

// Match is regexp.Regexp.Match.
func (r *Regexp) Match(b []byte) bool { return r.re().Match(b) }

// Split is regexp.Regexp.Split.
func (r *Regexp) Split(s string, n int) []string { return r.re().Split(s, n) }

// MatchString reports whether s holds a match.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// FindString returns the leftmost match in s.
func (r *Regexp) FindString(s string) string { return r.re().FindString(s) }

// FindStringIndex returns where the leftmost match in s is.
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

// FindStringSubmatch returns the leftmost match in s and its submatches.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// FindStringSubmatchIndex returns where the leftmost match in s and its
// submatches are.
func (r *Regexp) FindStringSubmatchIndex(s string) []int { return r.re().FindStringSubmatchIndex(s) }

// FindAllString returns up to n successive matches in s.
func (r *Regexp) FindAllString(s string, n int) []string { return r.re().FindAllString(s, n) }

// FindAllStringSubmatch returns up to n successive matches in s with
// their submatches.
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}

// FindAllStringSubmatchIndex returns where up to n successive matches in
// s and their submatches are.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.re().FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString replaces the matches in s.
func (r *Regexp) ReplaceAllString(s, repl string) string { return r.re().ReplaceAllString(s, repl) }

// ReplaceAllStringFunc replaces the matches in s with what repl returns.
func (r *Regexp) ReplaceAllStringFunc(s string, repl func(string) string) string {
	return r.re().ReplaceAllStringFunc(s, repl)
}
