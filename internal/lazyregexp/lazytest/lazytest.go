// Package lazytest checks, in a package's tests, the expressions the
// program registered with lazyregexp: they compile on first use only, so
// a broken one would otherwise fail a run in the middle of its work.
package lazytest

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// CheckCompiles fails t when fewer than atLeast expressions are
// registered (the package's own were not, or the count is stale) or when
// any of them does not compile.
func CheckCompiles(t testing.TB, atLeast int) {
	t.Helper()
	if n := len(lazyregexp.All()); n < atLeast {
		t.Errorf("only %d patterns are registered, want at least %d", n, atLeast)
	}
	for _, err := range lazyregexp.CompileErrors() {
		t.Error(err)
	}
}
