package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestSARIFHasNoPlaceholders walks every SARIF golden case and fails on the
// noise SARIF libraries write for unset properties: empty arrays and objects
// and -1 indexes. The one empty array allowed is "results", which SARIF
// reads as "ran and found nothing".
func TestSARIFHasNoPlaceholders(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal(render(t, "sarif", tc.findings, tc.opts), &doc); err != nil {
				t.Fatal(err)
			}
			walkJSON(t, "$", doc)
		})
	}
}

func walkJSON(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			t.Errorf("%s is an empty object", path)
		}
		for k, child := range v {
			walkJSON(t, path+"."+k, child)
		}
	case []any:
		if len(v) == 0 && !strings.HasSuffix(path, ".results") {
			t.Errorf("%s is an empty array", path)
		}
		for _, child := range v {
			walkJSON(t, path+"[]", child)
		}
	case float64:
		if v < 0 {
			t.Errorf("%s is %v, a placeholder", path, v)
		}
	}
}

func TestSARIFSecuritySeverity(t *testing.T) {
	rules := []finding.Rule{
		{ID: "privileged", Engine: "lint", Category: "security", Severity: finding.Error},
		{ID: "run-as-root", Engine: "lint", Category: "security", Severity: finding.Warning},
		{ID: "latest-tag", Engine: "lint", Category: "images", Severity: finding.Warning},
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						Properties struct {
							Tags             []string `json:"tags"`
							SecuritySeverity string   `json:"security-severity"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", nil, Options{Rules: rules}), &log); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"privileged": "8.0", "run-as-root": "5.5", "latest-tag": ""}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		if r.Properties.SecuritySeverity != want[r.ID] {
			t.Errorf("%s: security-severity %q, want %q", r.ID, r.Properties.SecuritySeverity, want[r.ID])
		}
		hasSecurityTag := strings.Contains(strings.Join(r.Properties.Tags, ","), "security")
		if hasSecurityTag != (want[r.ID] != "") {
			t.Errorf("%s: tags %v", r.ID, r.Properties.Tags)
		}
	}
}

func TestFingerprints(t *testing.T) {
	web := finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web"}
	at := func(line int) *finding.Location {
		return &finding.Location{File: "deploy/web.yaml", Line: line, Column: 12}
	}
	base := finding.Finding{Rule: "latest-tag", Object: web, Container: "app", Path: "spec.template.spec.containers[0].image", Location: at(8), Message: "image uses latest"}

	moved := base
	moved.Location = at(30)
	moved.Message = "image uses latest (reworded)"
	otherContainer := base
	otherContainer.Container = "sidecar"
	otherContainer.Path = "spec.template.spec.containers[1].image"

	got := fingerprints([]finding.Finding{base, moved, otherContainer})
	if got[0] == "" || len(got[0]) != 32 {
		t.Fatalf("fingerprint %q: want 32 hex digits", got[0])
	}
	// base and moved name the same problem: the second occurrence in one run
	// gets its own identity, so they differ, while a run with only the moved
	// finding gives it base's identity.
	if got[0] == got[1] {
		t.Errorf("two findings in one run share fingerprint %s", got[0])
	}
	if again := fingerprints([]finding.Finding{moved}); again[0] != got[0] {
		t.Errorf("moving a finding to another line changed its fingerprint: %s vs %s", again[0], got[0])
	}
	if got[2] == got[0] {
		t.Errorf("findings on different containers share a fingerprint")
	}
}
