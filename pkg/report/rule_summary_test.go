package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestRuleSummary checks that a long lint list ends with a count per rule,
// most frequent first, and a short one does not.
func TestRuleSummary(t *testing.T) {
	var long []finding.Finding
	add := func(rule string, n int) {
		for i := range n {
			long = append(long, finding.Finding{
				Rule: rule, Severity: finding.Warning, Message: "m",
				Object:   finding.ObjectRef{Kind: "Deployment", Name: fmt.Sprintf("%s-%d", rule, i)},
				Location: &finding.Location{File: "templates/deployment.yaml", Line: i + 1, Column: 3},
			})
		}
	}
	add("latest-tag", 8)
	add("missing-memory-limit", 12)
	add("run-as-root", 8)

	var out bytes.Buffer
	if err := Text(&out, long, Options{Engine: EngineLint}); err != nil {
		t.Fatal(err)
	}
	want := "By rule:\n  missing-memory-limit  12\n  latest-tag             8\n  run-as-root            8\n\n28 problems"
	if !strings.Contains(out.String(), want) {
		t.Errorf("long list: no rule summary %q in\n%s", want, out.String())
	}

	out.Reset()
	if err := Text(&out, long[:ruleSummaryFrom-1], Options{Engine: EngineLint}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "By rule:") {
		t.Errorf("a list of %d findings has a rule summary", ruleSummaryFrom-1)
	}
}
