package classify

import (
	"regexp"
	"testing"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// TestPatternsCompile compiles every regular expression of the program,
// which are compiled on first use only: a broken one fails here rather
// than in the middle of a diagnosis.
func TestPatternsCompile(t *testing.T) {
	patterns := lazyregexp.All()
	if len(patterns) < 100 {
		t.Errorf("only %d patterns are registered", len(patterns))
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p.String()); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
