package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLargePodKeepsItsFindings lints a Pod with 10,000 containers, the last
// one privileged. The time budget grows with the input, and rules cost
// time in proportion to the containers (duplicate-container-name once
// compared every pair), so the built-in findings come back instead of a
// policy-error.
func TestLargePodKeepsItsFindings(t *testing.T) {
	const containers = 10_000
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Pod\nmetadata:\n  name: wide\nspec:\n  containers:\n")
	for i := range containers {
		fmt.Fprintf(&b, "  - name: c%d\n    image: nginx:1.25\n    securityContext:\n      privileged: %t\n", i, i == containers-1)
	}
	file := filepath.Join(t.TempDir(), "wide.yaml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(context.Background(), []string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, f := range result.Findings {
		count[f.Rule]++
		if f.Rule == RulePolicyError {
			t.Errorf("policy-error on a large, valid pod: %s", f.Message)
		}
	}
	if count["privileged-container"] != 1 {
		t.Errorf("privileged-container findings = %d, want 1 (all: %v)", count["privileged-container"], count)
	}
	if count["missing-memory-limit"] != containers {
		t.Errorf("missing-memory-limit findings = %d, want one per container", count["missing-memory-limit"])
	}
}
