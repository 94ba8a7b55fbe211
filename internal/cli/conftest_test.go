package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// conftestFixture writes a conftest-style policy directory, a data
// directory and two manifests, and returns their paths.
func conftestFixture(t *testing.T) (policyDir, dataDir, deploy, svc string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"policy/main.rego": `package main

deny_run_as_root contains sprintf("%s must not run as root", [input.metadata.name]) if {
	input.kind == "Deployment"
	not input.spec.template.spec.securityContext.runAsNonRoot
}

warn_port contains sprintf("port %d is excluded", [p.port]) if {
	input.kind == "Service"
	some p in input.spec.ports
	p.port in data.exclusions.ports
}

exception contains ["run_as_root"] if input.metadata.name == "legacy"
`,
		"policy/team.rego": `package team.k8s

violation_kind contains sprintf("team sees a %s", [input.kind]) if true
`,
		"policy/combine.rego": `package combined

deny contains sprintf("%d documents from %s", [count(input), concat(",", sort({d.path | some d in input}))]) if is_array(input)
`,
		"policy/main_test.rego": `package main

test_port if {
	warn_port["port 22 is excluded"] with input as {"kind": "Service", "spec": {"ports": [{"port": 22}]}}
}
`,
		"policy/team_test.rego": `package team.k8s

test_kind if {
	violation_kind["team sees a Pod"] with input as {"kind": "Pod"}
}
`,
		"data/exclusions.yaml": "exclusions:\n  ports: [22]\n",
		"deploy.yaml":          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers: []\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: legacy\nspec:\n  template:\n    spec:\n      containers: []\n",
		"svc.yaml":             "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 22\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "policy"), filepath.Join(dir, "data"), filepath.Join(dir, "deploy.yaml"), filepath.Join(dir, "svc.yaml")
}

// teamMessages runs lint -o json and returns the messages of the team's
// rules (ids without a built-in's) and of its exceptions.
func teamMessages(t *testing.T, args ...string) (findings, suppressed []string, stderr string) {
	t.Helper()
	code, out, stderr := run(t, "", append([]string{"lint", "-o", "json", "--fail-on", "none", "--show-suppressed"}, args...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings, Suppressed []struct{ Rule, Message string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	team := func(rule string) bool {
		return strings.HasPrefix(rule, "main-") || strings.HasPrefix(rule, "team-k8s-") || strings.HasPrefix(rule, "combined-")
	}
	for _, f := range doc.Findings {
		if team(f.Rule) {
			findings = append(findings, f.Rule+": "+f.Message)
		}
	}
	for _, f := range doc.Suppressed {
		if team(f.Rule) {
			suppressed = append(suppressed, f.Rule+": "+f.Message)
		}
	}
	slices.Sort(findings)
	slices.Sort(suppressed)
	return findings, suppressed, stderr
}

func TestLintConftestFlags(t *testing.T) {
	policyDir, dataDir, deploy, svc := conftestFixture(t)
	tests := []struct {
		name           string
		args           []string
		want, excepted []string
		note           string
	}{
		{
			name:     "main by default, with its exception",
			args:     []string{"--policy", policyDir, deploy, svc},
			want:     []string{"main-deny-run-as-root: web must not run as root"},
			excepted: []string{`main-deny-run-as-root: data.main.exception[_][_] == "run_as_root"`},
		},
		{
			name:     "--data",
			args:     []string{"--policy", policyDir, "-d", dataDir, deploy, svc},
			want:     []string{"main-deny-run-as-root: web must not run as root", "main-warn-port: port 22 is excluded"},
			excepted: []string{`main-deny-run-as-root: data.main.exception[_][_] == "run_as_root"`},
		},
		{
			name: "--policy-namespace glob",
			args: []string{"--policy", policyDir, "--policy-namespace", "team.*", svc},
			want: []string{"team-k8s-violation-kind: team sees a Service"},
		},
		{
			name:     "--all-policy-namespaces",
			args:     []string{"--policy", policyDir, "--all-policy-namespaces", "--data", dataDir, svc},
			want:     []string{"main-warn-port: port 22 is excluded", "team-k8s-violation-kind: team sees a Service"},
			excepted: nil,
		},
		{
			name: "--policy-namespace matching nothing says so",
			args: []string{"--policy", policyDir, "--policy-namespace", "notpresent", svc},
			note: "no policy package matches --policy-namespace notpresent (packages found: combined, main, team.k8s)",
		},
		{
			name: "--combine",
			args: []string{"--policy", policyDir, "--policy-namespace", "combined", "--combine", svc, deploy},
			want: []string{"combined-deny: 3 documents from " + deploy + "," + svc},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, excepted, stderr := teamMessages(t, tt.args...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(excepted, tt.excepted) {
				t.Errorf("exceptions:\n got %q\nwant %q", excepted, tt.excepted)
			}
			if tt.note != "" && !strings.Contains(stderr, tt.note) {
				t.Errorf("stderr %q does not say %q", stderr, tt.note)
			}
		})
	}
	code, _, stderr := run(t, "", "lint", "--policy", policyDir, "--policy-namespace", "[", svc)
	if code != ExitError || !strings.Contains(stderr, "--policy-namespace") {
		t.Errorf("a malformed --policy-namespace: exit %d, %s", code, stderr)
	}
	code, _, stderr = run(t, "", "lint", "--policy", policyDir, "-d", filepath.Join(dataDir, "missing"), svc)
	if code != ExitError || !strings.Contains(stderr, "--data") {
		t.Errorf("a missing --data path: exit %d, %s", code, stderr)
	}
}

func TestTestPoliciesConftestFlags(t *testing.T) {
	policyDir, dataDir, _, _ := conftestFixture(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"without data the port test fails", []string{"-p", policyDir}, ExitFindings, "1 passed, 1 failed"},
		{"--data", []string{"-p", policyDir, "-d", dataDir}, ExitOK, "2 passed, 0 failed"},
		{"--namespace keeps one package's tests", []string{"--policy", policyDir, "--namespace", "team.*"}, ExitOK, "1 passed, 0 failed"},
		{"directory as argument", []string{policyDir, "--data", dataDir, "--namespace", "main"}, ExitOK, "1 passed, 0 failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := run(t, "", append([]string{"test-policies"}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d, want %d; output %q, want %q (stderr %s)", code, tt.code, out, tt.want, stderr)
			}
		})
	}
	code, _, stderr := run(t, "", "test-policies")
	if code != ExitError || !strings.Contains(stderr, "no policies") {
		t.Errorf("no directory: exit %d, %s", code, stderr)
	}
}
