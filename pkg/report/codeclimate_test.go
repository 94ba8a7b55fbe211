package report

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestCodeClimateFields checks every issue of the golden cases for the
// fields GitLab's Code Quality report requires, with values from its lists,
// and fingerprints unique within the report.
func TestCodeClimateFields(t *testing.T) {
	severities := []string{"info", "minor", "major", "critical", "blocker"}
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			var issues []map[string]any
			if err := json.Unmarshal(render(t, "codeclimate", tc.findings, tc.opts), &issues); err != nil {
				t.Fatal(err)
			}
			if issues == nil {
				t.Fatal("report is not a JSON array (GitLab wants [] for no issues)")
			}
			if len(issues) != len(tc.findings) {
				t.Fatalf("%d issues for %d findings", len(issues), len(tc.findings))
			}
			seen := map[string]bool{}
			for i, issue := range issues {
				for _, key := range []string{"description", "check_name", "fingerprint", "severity"} {
					if s, _ := issue[key].(string); s == "" {
						t.Errorf("issue %d: %s missing or empty: %v", i, key, issue)
					}
				}
				if !slices.Contains(severities, issue["severity"].(string)) {
					t.Errorf("issue %d: severity %v is not one of %v", i, issue["severity"], severities)
				}
				loc, _ := issue["location"].(map[string]any)
				lines, _ := loc["lines"].(map[string]any)
				if path, _ := loc["path"].(string); path == "" {
					t.Errorf("issue %d: no location.path", i)
				}
				if begin, _ := lines["begin"].(float64); begin < 1 {
					t.Errorf("issue %d: location.lines.begin %v", i, lines["begin"])
				}
				fp := issue["fingerprint"].(string)
				if seen[fp] {
					t.Errorf("issue %d: fingerprint %s repeats", i, fp)
				}
				seen[fp] = true
			}
		})
	}
}

func TestCodeQualitySeverity(t *testing.T) {
	tests := []struct {
		severity string
		category string
		want     string
	}{
		{"error", "security", "critical"},
		{"error", "images", "major"},
		{"warning", "security", "minor"},
		{"info", "", "info"},
	}
	for _, tt := range tests {
		severity, err := finding.ParseSeverity(tt.severity)
		if err != nil {
			t.Fatal(err)
		}
		got := codeQualitySeverity(severity, tt.category)
		if got != tt.want {
			t.Errorf("codeQualitySeverity(%s, %s) = %s, want %s", tt.severity, tt.category, got, tt.want)
		}
	}
}
