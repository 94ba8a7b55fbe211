package classify

import (
	"regexp"
	"testing"
)

// TestPatternsCompile compiles every regular expression of the package,
// which are compiled on first use only: a broken one fails here rather
// than in the middle of a diagnosis.
func TestPatternsCompile(t *testing.T) {
	if len(patterns) < 100 {
		t.Errorf("only %d patterns are registered", len(patterns))
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p.expr); err != nil {
			t.Errorf("%s: %v", p.expr, err)
		}
		if p.re().String() != p.expr {
			t.Errorf("%s compiles to %s", p.expr, p.re())
		}
	}
}
