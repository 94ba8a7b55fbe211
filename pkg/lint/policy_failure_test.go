package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// privilegedHostPod is flagged by two built-in rules whatever else runs:
// privileged-container and host-namespace.
const privilegedHostPod = `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  hostNetwork: true
  containers:
  - name: app
    image: nginx:1.25
    securityContext:
      privileged: true
`

// TestBrokenTeamPolicyKeepsBuiltinFindings lints one privileged,
// hostNetwork pod beside a team policy broken in each way a policy fails
// at run time. The built-in findings must stay, and exactly one
// policy-error must name the team policy's file, line and rule.
func TestBrokenTeamPolicyKeepsBuiltinFindings(t *testing.T) {
	tests := []struct {
		name    string
		policy  string
		data    map[string]any
		timeout time.Duration
		want    []string // parts of the policy-error message
	}{
		{
			name:   "runtime error",
			policy: "package main\n\ndeny contains msg if {\n  n := to_number(input.metadata.name)\n  msg := sprintf(\"%v\", [n])\n}\n",
			want:   []string{"team.rego:4", "rule main.deny (main-deny)", "to_number"},
		},
		{
			name:   "conflict",
			policy: "package main\n\nowner := input.metadata.name\nowner := \"nobody\"\n\ndeny contains owner if true\n",
			want:   []string{"team.rego:4", "rule main.owner", "eval_conflict_error"},
		},
		{
			name:    "endless evaluation",
			policy:  "package main\n\ndeny contains msg if {\n  n := count([x | some x in numbers.range(1, 1000000000)])\n  msg := sprintf(\"%d\", [n])\n}\n",
			timeout: 100 * time.Millisecond,
			want:    []string{"policy " + "TEAM", "rule main.deny (main-deny)", "took longer than 100ms"},
		},
		{
			name:   "result of the wrong shape",
			policy: "package main\n\ndeny contains {\"message\": \"no msg key\"} if true\n",
			want:   []string{"team.rego:3", "rule main.deny (main-deny)", "needs a string msg"},
		},
		{
			name:   "params entry of the wrong shape",
			policy: "package main\n\ndeny contains msg if {\n  some p in data.poddoctor.params.naming.prefixes\n  startswith(input.metadata.name, p)\n  msg := \"reserved prefix\"\n}\n",
			data:   map[string]any{"params": map[string]any{"naming": map[string]any{"prefixes": []any{map[string]any{"x": 1}}}}},
			want:   []string{"team.rego:5", "rule main.deny (main-deny)", "startswith"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			manifestFile := filepath.Join(dir, "agent.yaml")
			policyDir := filepath.Join(dir, "policy")
			policyFile := filepath.Join(policyDir, "team.rego")
			if err := os.Mkdir(policyDir, 0o755); err != nil {
				t.Fatal(err)
			}
			for file, text := range map[string]string{manifestFile: privilegedHostPod, policyFile: tt.policy} {
				if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			modules, err := policy.LoadDir(policyDir)
			if err != nil {
				t.Fatal(err)
			}
			linter, err := New(context.Background(), Options{Policies: modules, Data: tt.data, Timeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			result, err := linter.LintPaths(context.Background(), []string{manifestFile}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var errs []string
			rules := map[string]bool{}
			for _, f := range result.Findings {
				rules[f.Rule] = true
				if f.Rule == RulePolicyError {
					errs = append(errs, f.Message)
				}
			}
			for _, want := range []string{"privileged-container", "host-namespace"} {
				if !rules[want] {
					t.Errorf("%s is lost beside the broken policy; findings: %v", want, rules)
				}
			}
			if len(errs) != 1 {
				t.Fatalf("policy-errors = %q, want exactly one", errs)
			}
			for _, want := range tt.want {
				want = strings.ReplaceAll(want, "TEAM", policyFile)
				if !strings.Contains(errs[0], want) {
					t.Errorf("policy-error %q does not name %q", errs[0], want)
				}
			}
		})
	}
}
