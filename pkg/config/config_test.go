package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

func TestParseRejectsUnknownKeysWithSuggestion(t *testing.T) {
	tests := map[string]string{
		"disbale: [latest-tag]\n":          `unknown key "disbale": did you mean "disable"?`,
		"exclude:\n  path: [vendor/**]\n":  `unknown key "path": did you mean "paths"?`,
		"severity:\n  latest-tag: fatal\n": `severity of latest-tag: unknown severity "fatal"`,
		"failOn: critical\n":               `failOn: unknown threshold "critical"`,
		"exclude:\n  objects: [Secret]\n":  `want KIND/NAMESPACE/NAME or KIND/NAME`,
		"disable: latest-tag\n":            "cannot unmarshal",
	}
	for input, want := range tests {
		_, err := Parse([]byte(input))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", input, err, want)
		}
	}
}

func TestFindWalksUpward(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := Find(deep); ok {
		t.Skip("a .poddoctor.yaml exists above the temp dir; cannot test the negative case")
	}
	file := filepath.Join(root, "a", ".poddoctor.yaml")
	if err := os.WriteFile(file, []byte("disable: [latest-tag]\npolicies: [policies]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, ok := Find(deep)
	if !ok || got != file {
		t.Fatalf("Find = %q, %v; want %q", got, ok, file)
	}
	cfg, err := Load(got)
	if err != nil {
		t.Fatal(err)
	}
	if dirs := cfg.PolicyDirs(); len(dirs) != 1 || dirs[0] != filepath.Join(root, "a", "policies") {
		t.Errorf("PolicyDirs = %v, want them relative to the config file", dirs)
	}
}

func TestExcludesPath(t *testing.T) {
	dir := t.TempDir()
	cfg := &Config{File: filepath.Join(dir, ".poddoctor.yaml"), Exclude: Exclude{Paths: []string{"vendor/**", "charts/*/templates/**", "**/*.generated.yaml"}}}
	tests := map[string]bool{
		"vendor/x/y.yaml":                  true,
		"charts/web/templates/deploy.yaml": true,
		"charts/web/values.yaml":           false,
		"deploy/app.generated.yaml":        true,
		"app.generated.yaml":               true,
		"deploy/app.yaml":                  false,
		"vendorish/app.yaml":               false,
	}
	for rel, want := range tests {
		if got := cfg.ExcludesPath(filepath.Join(dir, rel)); got != want {
			t.Errorf("ExcludesPath(%s) = %v, want %v", rel, got, want)
		}
	}
}

func TestApplyOverridesAndExcludes(t *testing.T) {
	cfg := &Config{
		Severity: map[string]string{"latest-tag": "error"},
		Exclude:  Exclude{Objects: []string{"Secret/*/*", "Deployment/kube-system/*", "Pod/debug-*"}},
	}
	in := []finding.Finding{
		{Rule: "latest-tag", Severity: finding.Warning, Object: finding.ObjectRef{Kind: "Deployment", Namespace: "shop", Name: "web"}},
		{Rule: "x", Object: finding.ObjectRef{Kind: "Secret", Namespace: "shop", Name: "creds"}},
		{Rule: "x", Object: finding.ObjectRef{Kind: "Deployment", Namespace: "kube-system", Name: "dns"}},
		{Rule: "x", Object: finding.ObjectRef{Kind: "Pod", Namespace: "any", Name: "debug-1"}},
	}
	out := cfg.Apply(in)
	if len(out) != 1 || out[0].Severity != finding.Error {
		t.Fatalf("Apply = %+v, want only the Deployment shop/web finding, as an error", out)
	}
	if in[0].Severity != finding.Warning {
		t.Error("Apply changed its input")
	}
}
