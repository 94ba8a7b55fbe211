package redact

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp/lazytest"
)

// TestPatternsCompile compiles every redaction pattern, which are
// compiled on first use only: a broken one fails here rather than when a
// secret-shaped text first shows up.
func TestPatternsCompile(t *testing.T) {
	lazytest.CheckCompiles(t, 20)
}
