package snapshot

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// TestPatternsCompile compiles the expressions of the `kubectl describe`
// reader, which are compiled on first use only: a broken one fails here
// rather than when a describe text is first read.
func TestPatternsCompile(t *testing.T) {
	if n := len(lazyregexp.All()); n < 20 {
		t.Errorf("only %d patterns are registered", n)
	}
	for _, err := range lazyregexp.CompileErrors() {
		t.Error(err)
	}
}
