package snapshot

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp/lazytest"
)

// TestPatternsCompile compiles the expressions of the `kubectl describe`
// reader, which are compiled on first use only: a broken one fails here
// rather than when a describe text is first read.
func TestPatternsCompile(t *testing.T) {
	lazytest.CheckCompiles(t, 20)
}
