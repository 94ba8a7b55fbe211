package lint

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// splitRuleInput has one container without requests, one Deployment whose
// pods switch the retired id off by annotation.
const splitRuleInput = `apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  containers:
  - {name: app, image: "nginx:1.27"}
---
apiVersion: v1
kind: Pod
metadata:
  name: ignored
  annotations: {poddoctor.io/ignore: "missing-resource-requests=sized by the VPA"}
spec:
  containers:
  - {name: app, image: "nginx:1.27"}
`

// TestSplitRuleOldID checks that missing-resource-requests, split into
// missing-cpu-request and missing-memory-request, still names both in
// --disable and poddoctor.io/ignore (--enable goes through the same
// finding.ExpandRuleIDs in New).
func TestSplitRuleOldID(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "in.yaml")
	if err := os.WriteFile(path, []byte(splitRuleInput), 0o644); err != nil {
		t.Fatal(err)
	}
	rulesOn := func(opts Options) (reported, suppressed []string) {
		t.Helper()
		l, err := New(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.LintPaths(ctx, []string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Object.Name == "bare" || f.Object.Name == "ignored" {
				reported = append(reported, f.Object.Name+" "+f.Rule)
			}
		}
		for _, f := range res.Suppressed {
			suppressed = append(suppressed, f.Object.Name+" "+f.Rule)
		}
		return reported, suppressed
	}

	reported, suppressed := rulesOn(Options{})
	for _, want := range []string{"bare missing-cpu-request", "bare missing-memory-request"} {
		if !slices.Contains(reported, want) {
			t.Errorf("default run: %q not reported; got %q", want, reported)
		}
	}
	for _, want := range []string{"ignored missing-cpu-request", "ignored missing-memory-request"} {
		if slices.Contains(reported, want) || !slices.Contains(suppressed, want) {
			t.Errorf("poddoctor.io/ignore: missing-resource-requests: %q should be suppressed; reported %q, suppressed %q", want, reported, suppressed)
		}
	}

	reported, suppressed = rulesOn(Options{Disable: []string{"missing-resource-requests"}})
	for _, f := range append(reported, suppressed...) {
		if f == "bare missing-cpu-request" || f == "bare missing-memory-request" || f == "ignored missing-cpu-request" || f == "ignored missing-memory-request" {
			t.Errorf("--disable missing-resource-requests: %q still found", f)
		}
	}

	// A successor's own id switches off only that one.
	reported, _ = rulesOn(Options{Disable: []string{"missing-memory-request"}})
	if !slices.Contains(reported, "bare missing-cpu-request") || slices.Contains(reported, "bare missing-memory-request") {
		t.Errorf("--disable missing-memory-request: got %q, want the CPU finding alone", reported)
	}
}
