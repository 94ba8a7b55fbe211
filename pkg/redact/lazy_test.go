package redact

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// TestPatternsCompile compiles every redaction pattern, which are
// compiled on first use only: a broken one fails here rather than when a
// secret-shaped text first shows up.
func TestPatternsCompile(t *testing.T) {
	if n := len(lazyregexp.All()); n < 20 {
		t.Errorf("only %d patterns are registered", n)
	}
	for _, err := range lazyregexp.CompileErrors() {
		t.Error(err)
	}
}
