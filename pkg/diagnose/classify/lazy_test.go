package classify

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp/lazytest"
)

// TestPatternsCompile compiles every regular expression of the program,
// which are compiled on first use only: a broken one fails here rather
// than in the middle of a diagnosis.
func TestPatternsCompile(t *testing.T) {
	lazytest.CheckCompiles(t, 100)
}
