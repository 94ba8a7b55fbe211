package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDiagnoseLogsDir diagnoses a saved snapshot with the logs saved beside
// it (kubectl logs --previous output, one file per container): the crash
// loop says what the logs say.
func TestDiagnoseLogsDir(t *testing.T) {
	code, out, stderr := run(t, "", "diagnose", "-o", "json", "-f", "../../testdata/diagnose/crash-loop-deployment.yaml",
		"--logs-dir", "../../testdata/logs/crash-loop-deployment")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	var report struct {
		Findings []struct {
			Rule     string   `json:"rule"`
			Message  string   `json:"message"`
			Evidence []string `json:"evidence"`
			Object   struct {
				Name string `json:"name"`
			} `json:"object"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	explained := map[string]bool{}
	for _, f := range report.Findings {
		if f.Rule == "crash-loop" && strings.Contains(f.Message, "the connection to db:5432 was refused") {
			explained[f.Object.Name] = true
		}
	}
	for _, pod := range []string{"api-6c9f8d7b5-4hx2k", "api-6c9f8d7b5-w8n5c"} {
		if !explained[pod] {
			t.Errorf("%s: the crash loop does not say what its saved log says:\n%s", pod, out)
		}
	}
	if !strings.Contains(stderr, "ignored 1 file not named *.log") {
		t.Errorf("no note about README.md: %q", stderr)
	}
}

func TestLogsDirNeedsASnapshot(t *testing.T) {
	code, _, stderr := run(t, "", "diagnose", "--logs-dir", "../../testdata/logs/crash-loop-deployment")
	if code != 2 || !strings.Contains(stderr, "give the snapshot with -f") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
