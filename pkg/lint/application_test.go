package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Two charts in one directory are two applications: the Service of one
// does not select the pods of the other, while the Service of a plain
// manifest directory still sees every plain manifest of the run.
func TestCrossObjectChecksPerApplication(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) string {
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	deployment := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n"
	service := "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n"
	write("charts/a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 1.0.0\n")
	write("charts/a/templates/deployment.yaml", deployment)
	write("charts/b/Chart.yaml", "apiVersion: v2\nname: b\nversion: 1.0.0\n")
	write("charts/b/templates/service.yaml", service)
	write("charts/b/templates/other.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n      - name: api\n        image: nginx:1.27\n")
	write("plain/deployment.yaml", deployment)
	write("plain/service.yaml", service)

	l, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := l.LintPaths(context.Background(), []string{root}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mismatches []string
	for _, f := range res.Findings {
		if f.Rule == "service-selector-mismatch" {
			rel, _ := filepath.Rel(root, f.Location.File)
			mismatches = append(mismatches, rel)
		}
	}
	if len(mismatches) != 1 || mismatches[0] != filepath.Join("charts", "b", "templates", "service.yaml") {
		t.Errorf("service-selector-mismatch in %v, want only charts/b/templates/service.yaml (chart a's pods are another application)", mismatches)
	}
}
