package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sourceTestdata = "../../pkg/source/testdata"

// lintJSON runs poddoctor lint -o json and decodes the findings.
func lintJSON(t *testing.T, stdin string, args ...string) (int, []map[string]any, string) {
	t.Helper()
	code, out, stderr := run(t, stdin, append([]string{"lint", "-o", "json", "--fail-on", "none"}, args...)...)
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if code == ExitOK {
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%v in %s", err, out)
		}
	}
	return code, doc.Findings, stderr
}

func findingAt(findings []map[string]any, rule string) (file string, line float64, related []any) {
	for _, f := range findings {
		if f["rule"] == rule {
			loc, _ := f["location"].(map[string]any)
			rel, _ := f["related"].([]any)
			file, _ = loc["file"].(string)
			line, _ = loc["line"].(float64)
			return file, line, rel
		}
	}
	return "", 0, nil
}

// TestLintChartFlags: a chart is rendered with helm template's flags, and
// findings are at template lines with the values line related.
func TestLintChartFlags(t *testing.T) {
	chart := sourceTestdata + "/charts/shop"
	code, findings, stderr := lintJSON(t, "", chart)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	file, line, related := findingAt(findings, "latest-tag")
	if file != chart+"/templates/deployment.yaml" || line != 23 || len(related) != 2 {
		t.Errorf("latest-tag at %s:%v with %v, want the image line of deployment.yaml with 2 values lines", file, line, related)
	}

	// -f and --set change what renders: no latest tag left, and a release
	// name in the objects.
	values := filepath.Join(t.TempDir(), "prod.yaml")
	if err := os.WriteFile(values, []byte("image:\n  tag: \"2.0.1\"\ncache:\n  image:\n    tag: \"7.2\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, findings, stderr = lintJSON(t, "", chart, "-f", values, "--release-name", "prod", "--namespace", "shop", "--set", "replicaCount=3", "--kube-version", "1.31", "--api-versions", "example.com/v1")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if file, _, _ := findingAt(findings, "latest-tag"); file != "" {
		t.Errorf("latest-tag still found at %s after -f set the tags", file)
	}
	for _, f := range findings {
		obj, _ := f["object"].(map[string]any)
		if name, _ := obj["name"].(string); !strings.HasPrefix(name, "prod-") {
			t.Errorf("object %v not named by --release-name", obj)
		}
	}
}

func TestLintChartMissingDependencyExits2(t *testing.T) {
	code, _, stderr := lintJSON(t, "", sourceTestdata+"/charts/nodeps")
	if code != ExitError || !strings.Contains(stderr, "postgresql") || !strings.Contains(stderr, "helm dependency build") {
		t.Errorf("exit %d, stderr %q; want 2 naming postgresql and helm dependency build", code, stderr)
	}
}

func TestLintKustomizationDir(t *testing.T) {
	code, findings, stderr := lintJSON(t, "", sourceTestdata+"/kustomize/overlays/prod")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if file, line, _ := findingAt(findings, "privileged-container"); file != sourceTestdata+"/kustomize/overlays/prod/privileged.yaml" || line != 12 {
		t.Errorf("privileged-container at %s:%v, want the patch's line 12", file, line)
	}
	code, _, stderr = lintJSON(t, "", sourceTestdata+"/kustomize/remote")
	if code != ExitError || !strings.Contains(stderr, "remote base") {
		t.Errorf("remote base: exit %d, stderr %q", code, stderr)
	}
}

// TestLintPipedHelmOutput: helm template output on standard input names
// each finding's template from the # Source: comments.
func TestLintPipedHelmOutput(t *testing.T) {
	stream := "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:latest\n"
	code, findings, stderr := lintJSON(t, stream, "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if file, _, related := findingAt(findings, "latest-tag"); file != "web/templates/deployment.yaml" || len(related) != 1 {
		t.Errorf("latest-tag at %q with %v, want the template named by # Source: and the stream line related", file, related)
	}
}
