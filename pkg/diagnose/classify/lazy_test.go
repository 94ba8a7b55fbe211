package classify

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// TestPatternsCompile compiles every regular expression of the program,
// which are compiled on first use only: a broken one fails here rather
// than in the middle of a diagnosis.
func TestPatternsCompile(t *testing.T) {
	if n := len(lazyregexp.All()); n < 100 {
		t.Errorf("only %d patterns are registered", n)
	}
	for _, err := range lazyregexp.CompileErrors() {
		t.Error(err)
	}
}
