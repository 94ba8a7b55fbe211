package eval

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/imageref"
)

func compileLint(t *testing.T, cfg Config) *Engine {
	t.Helper()
	builtins, err := policy.Builtins("lint")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Engine = "lint"
	cfg.Modules = append(builtins, cfg.Modules...)
	if cfg.Builtins == nil {
		cfg.Builtins = builtin.All(imageref.NewSuggester())
	}
	e, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func evaluate(t *testing.T, e *Engine, input any) []Result {
	t.Helper()
	v, err := ToValue(input)
	if err != nil {
		t.Fatal(err)
	}
	results, err := e.Evaluate(context.Background(), v, Run{})
	if err != nil {
		t.Fatal(err)
	}
	return results
}

func pod(image string) map[string]any {
	return map[string]any{
		"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": "web"},
		"spec": map[string]any{"containers": []any{map[string]any{
			"name": "web", "image": image,
			"securityContext": map[string]any{"allowPrivilegeEscalation": false, "runAsNonRoot": true},
			"resources":       map[string]any{"limits": map[string]any{"cpu": "1", "memory": "128Mi"}},
			"readinessProbe":  map[string]any{"tcpSocket": map[string]any{"port": 80}},
			"livenessProbe":   map[string]any{"tcpSocket": map[string]any{"port": 80}},
		}}},
	}
}

func rulesOf(results []Result) []string {
	var ids []string
	for _, r := range results {
		ids = append(ids, r.Rule)
	}
	return ids
}

func TestBuiltinsDecideWithMetadata(t *testing.T) {
	e := compileLint(t, Config{})
	results := evaluate(t, e, pod("ngnx:latest"))
	got := strings.Join(rulesOf(results), ",")
	if got != "image-typo,latest-tag" {
		t.Fatalf("rules = %s, want image-typo,latest-tag (results %+v)", got, results)
	}
	typo := results[0]
	if typo.Severity != finding.Warning || typo.Remedy == "" || typo.Path != "spec.containers[0].image" || typo.Container != "web" {
		t.Errorf("image-typo result lacks metadata or path: %+v", typo)
	}
	if typo.Fix == nil || typo.Fix.Value != "nginx:latest" {
		t.Errorf("image-typo fix = %+v, want nginx:latest", typo.Fix)
	}
	if len(evaluate(t, e, pod("nginx:1.27.3"))) != 0 {
		t.Error("a pinned, well-configured pod must produce no findings")
	}
}

func TestDisabledRuleIsListedButNotRun(t *testing.T) {
	e := compileLint(t, Config{Disabled: map[string]bool{"latest-tag": true}})
	if _, ok := e.Registry().Lookup("latest-tag"); !ok {
		t.Error("a disabled rule must stay in the registry")
	}
	for _, r := range evaluate(t, e, pod("nginx:latest")) {
		if r.Rule == "latest-tag" {
			t.Errorf("disabled rule produced %+v", r)
		}
	}
}

func TestConftestPolicyWorksUnchanged(t *testing.T) {
	user := policy.Module{File: "policies/main.rego", User: true, Source: `package main

deny contains msg if {
	input.kind == "Pod"
	not input.metadata.labels.team
	msg := sprintf("%s has no team label", [input.metadata.name])
}

warn contains {"msg": "pods should not be created directly", "path": "kind"} if input.kind == "Pod"
`}
	e := compileLint(t, Config{Modules: []policy.Module{user}})
	var got []Result
	for _, r := range evaluate(t, e, pod("nginx:1.27.3")) {
		if r.Package == "main" {
			got = append(got, r)
		}
	}
	if len(got) != 2 {
		t.Fatalf("got %d results from package main, want 2: %+v", len(got), got)
	}
	deny, warn := got[0], got[1]
	if deny.Rule != "main-deny" || deny.Severity != finding.Error || deny.Message != "web has no team label" {
		t.Errorf("deny result = %+v", deny)
	}
	if warn.Rule != "main-warn" || warn.Severity != finding.Warning || warn.Path != "kind" {
		t.Errorf("warn result = %+v", warn)
	}
}

func TestUserPolicyWithMetadata(t *testing.T) {
	user := policy.Module{File: "team/registry.rego", User: true, Source: `# METADATA
# description: Images must come from the company registry.
# custom:
#   id: allowed-registry
#   severity: error
#   category: supply-chain
#   remedy: Push the image to registry.acme.example and use it from there.
package acme.registry

findings contains {"msg": sprintf("image %q is not from registry.acme.example", [c.image]), "container": c.name} if {
	some c in input.spec.containers
	not startswith(c.image, "registry.acme.example/")
}
`}
	e := compileLint(t, Config{Modules: []policy.Module{user}})
	rule, ok := e.Registry().Lookup("allowed-registry")
	if !ok || rule.Category != "supply-chain" || rule.Source != "team/registry.rego" {
		t.Fatalf("registry lookup = %+v, %v", rule, ok)
	}
	var found bool
	for _, r := range evaluate(t, e, pod("nginx:1.27.3")) {
		if r.Rule == "allowed-registry" {
			found = true
			if r.Severity != finding.Error || r.Remedy != rule.Remedy || r.Container != "web" {
				t.Errorf("result = %+v", r)
			}
		}
	}
	if !found {
		t.Error("the user rule produced nothing")
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		source string
		want   string
	}{
		{"syntax", "package broken\n\ndeny contains msg if {\n  msg := \n}\n", "team/broken.rego:"},
		{"network is forbidden", "package net\n\ndeny contains msg if {\n  r := http.send({\"method\": \"GET\", \"url\": \"http://example.com\"})\n  msg := r.body\n}\n", "undefined function http.send"},
		{"runtime info is forbidden", "package rt\n\ndeny contains msg if {\n  msg := opa.runtime().env.HOME\n}\n", "undefined function opa.runtime"},
		{"no package", "# just a comment\n", "team/broken.rego"},
		{"bad severity", "# METADATA\n# description: d\n# custom:\n#   id: x-rule\n#   severity: fatal\n#   remedy: r\npackage x\n", `unknown severity "fatal"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "team/broken.rego", Source: tt.source, User: true}}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDuplicateRuleIDFails(t *testing.T) {
	user := policy.Module{File: "team/latest.rego", User: true, Source: "# METADATA\n# description: d\n# custom:\n#   id: latest-tag\n#   severity: info\n#   remedy: r\npackage team.latest\n"}
	builtins, _ := policy.Builtins("lint")
	_, err := Compile(context.Background(), Config{Engine: "lint", Modules: append(builtins, user)})
	if err == nil || !strings.Contains(err.Error(), `rule id "latest-tag" is registered twice`) {
		t.Fatalf("error = %v, want a duplicate id error", err)
	}
}

func TestRuntimeErrorsAndTimeouts(t *testing.T) {
	tests := []struct {
		name    string
		source  string
		timeout time.Duration
		want    string
	}{
		{"builtin error", "package boom\n\ndeny contains msg if {\n  x := to_number(input.metadata.name)\n  msg := sprintf(\"%v\", [x])\n}\n", 0, "to_number"},
		{"conflict", "package conflict\n\nname := input.metadata.name\nname := \"other\"\n\ndeny contains name if true\n", 0, "eval_conflict_error"},
		{"endless", "package slow\n\ndeny contains msg if {\n  n := count([x | some x in numbers.range(1, 100000000)])\n  msg := sprintf(\"%d\", [n])\n}\n", 20 * time.Millisecond, "took longer than 20ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Compile(context.Background(), Config{Engine: "lint", Timeout: tt.timeout, Modules: []policy.Module{{File: "p.rego", Source: tt.source, User: true}}, Conftest: Conftest{AllNamespaces: true}})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := ToValue(pod("nginx"))
			_, err = e.Evaluate(context.Background(), v, Run{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestResultShapeErrors(t *testing.T) {
	tests := map[string]string{
		"number result": "package bad\n\ndeny contains 42 if true\n",
		"no msg":        "package bad\n\ndeny contains {\"message\": \"x\"} if true\n",
		"empty msg":     "package bad\n\ndeny contains \"\" if true\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			e, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "bad.rego", Source: src, User: true}}, Conftest: Conftest{AllNamespaces: true}})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := ToValue(pod("nginx"))
			if _, err := e.Evaluate(context.Background(), v, Run{}); err == nil || !strings.Contains(err.Error(), "policy package bad") {
				t.Fatalf("error = %v, want one naming the package", err)
			}
		})
	}
}
