package cli

import (
	"strings"
	"testing"
)

// TestRulesMarkdownNamesSplitRules: a reader with a configuration naming
// missing-resource-requests finds in docs/rules.md where it went.
func TestRulesMarkdownNamesSplitRules(t *testing.T) {
	code, out, stderr := run(t, "", "rules", "-o", "markdown")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "- `missing-resource-requests`: [missing-cpu-request](#missing-cpu-request), [missing-memory-request](#missing-memory-request)\n"
	if !strings.Contains(out, want) {
		t.Errorf("rules -o markdown does not list the split rule:\nwant line %q", want)
	}
}
