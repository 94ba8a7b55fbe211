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
		"disable: latest-tag\n":            "disable: want a list, got a string",
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

// TestApplySeverityOfSplitRule: a severity set under the id of a rule that
// was split applies to its successors, and a successor's own id wins.
func TestApplySeverityOfSplitRule(t *testing.T) {
	cfg := &Config{Severity: map[string]string{"missing-resource-requests": "info", "missing-memory-request": "error"}}
	out := cfg.Apply([]finding.Finding{
		{Rule: "missing-cpu-request", Severity: finding.Warning},
		{Rule: "missing-memory-request", Severity: finding.Warning},
	})
	if len(out) != 2 || out[0].Severity != finding.Info || out[1].Severity != finding.Error {
		t.Fatalf("Apply = %+v, want missing-cpu-request as info (the old id) and missing-memory-request as error (its own id)", out)
	}
}

// TestParseRejectsMalformedConfig: every value of the wrong shape, glob
// that does not compile and parameter a rule does not read is an error
// naming its key, never a silent no-op.
func TestParseRejectsMalformedConfig(t *testing.T) {
	tests := map[string]string{
		"exclude:\n  paths: [\"[\"]\n":                                   `exclude.paths[0]: "[": the character class at column 1 is not closed with ]`,
		"exclude:\n  paths: [ok/**, \"charts/[ab/x\"]\n":                 `exclude.paths[1]:`,
		"exclude:\n  paths: [\"x\\\\\"]\n":                               `ends with a lone backslash`,
		"exclude:\n  paths: [\"[z-a]\"]\n":                               `exclude.paths[0]`,
		"exclude:\n  objects: [\"Pod/[/x\"]\n":                           `exclude.objects[0]: "Pod/[/x": "[" is not a valid pattern`,
		"params: [x]\n":                                                  `params: want a mapping of rule ids to their parameters, got a list`,
		"params:\n  allowed-registries: [quay.io]\n":                     `params: want each rule's entry to be a mapping of parameter names to values, got a list`,
		"params:\n  allowed-registries:\n    registries: quay.io\n":      `params.allowed-registries.registries: want a list of strings, got the string "quay.io"`,
		"params:\n  allowed-registries:\n    registries: [quay.io, 3]\n": `params.allowed-registries.registries: want a list of strings, got a list of 2`,
		"params:\n  allowed-registries:\n    registry: [quay.io]\n":      `params.allowed-registries: unknown parameter "registry": did you mean "registries"?`,
		"params:\n  required-labels:\n    labels: [owner]\n":             `params.required-labels.labels: want a mapping of strings to strings, got a list of 1`,
		"params:\n  required-labels:\n    labels: {owner: 3}\n":          `params.required-labels.labels: want a mapping of strings to strings, got a mapping`,
		"params:\n  too-few-replicas:\n    min-replicas: 2.5\n":          `params.too-few-replicas.min-replicas: want a whole number above 0, got the number 2.5`,
		"params:\n  too-few-replicas:\n    min-replicas: \"3\"\n":        `params.too-few-replicas.min-replicas: want a whole number above 0, got the string "3"`,
		"params:\n  too-few-replicas:\n    min-replicas: 0\n":            `params.too-few-replicas.min-replicas: want a whole number above 0, got the number 0`,
		"severity: [latest-tag]\n":                                       `severity: want a mapping of rule ids to severities, got a list`,
		"exclude: [vendor]\n":                                            `exclude: want a mapping, got a list`,
		"failOn: [error]\n":                                              `failOn: want a string, got a list`,
		"- disable\n":                                                    `the file: want a mapping, got a list`,
		"exclude:\n  pathz: [x]\n":                                       `unknown key "pathz": did you mean "paths"?`,
		"parms:\n  allowed-registries:\n    registries: [quay.io]\n":     `unknown key "parms": did you mean "params"?`,
	}
	for input, want := range tests {
		_, err := Parse([]byte(input))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", input, err, want)
		}
	}
	if _, err := Parse([]byte("params:\n  team-rule:\n    anything: {goes: here}\n  allowed-registries:\n    registries: [quay.io]\n  required-labels:\n    labels: {owner: \"\", tier: front|back}\n  too-few-replicas:\n    min-replicas: 2\n")); err != nil {
		t.Errorf("well-formed params: %v", err)
	}
}

func TestCheckRuleIDs(t *testing.T) {
	known := []string{"latest-tag", "allowed-registries", "team-rule"}
	tests := map[string]string{
		"severity:\n  latest-tags: error\n":                                `severity: unknown rule "latest-tags": did you mean "latest-tag"?`,
		"params:\n  allowed-registry:\n    registries: [a]\n":              `params: unknown rule "allowed-registry": did you mean "allowed-registries"?`,
		"params:\n  team-rule:\n    x: 1\nseverity:\n  latest-tag: info\n": "",
	}
	for input, want := range tests {
		cfg, err := Parse([]byte(input))
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.CheckRuleIDs(known)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("CheckRuleIDs for %q = %v, want %q", input, err, want)
		}
	}
}

func TestExcludesPathCharacterClasses(t *testing.T) {
	dir := t.TempDir()
	cfg := &Config{File: filepath.Join(dir, ".poddoctor.yaml"), Exclude: Exclude{Paths: []string{"env-[ab]/**", "gen/[!x]*.yaml", `lit/\[x\].yaml`}}}
	tests := map[string]bool{
		"env-a/deploy.yaml": true,
		"env-b/x/y.yaml":    true,
		"env-c/deploy.yaml": false,
		"gen/a.yaml":        true,
		"gen/x.yaml":        false,
		"lit/[x].yaml":      true,
		"lit/x.yaml":        false,
	}
	for rel, want := range tests {
		if got := cfg.ExcludesPath(filepath.Join(dir, rel)); got != want {
			t.Errorf("ExcludesPath(%s) = %v, want %v", rel, got, want)
		}
	}
}
