package diagnose

import (
	"context"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestBrokenTeamDiagnosisKeepsBuiltinFindings diagnoses crash-looping pods
// beside a team diagnosis policy broken in several ways: the built-in
// crash-loop diagnosis stays, and one diagnose-policy-error per pod names
// the team policy's file, line and rule.
func TestBrokenTeamDiagnosisKeepsBuiltinFindings(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		data   map[string]any
		want   []string
	}{
		{
			name:   "runtime error",
			policy: "package runbooks\n\ndeny contains msg if {\n  n := to_number(input.pod.object.name)\n  msg := sprintf(\"%v\", [n])\n}\n",
			want:   []string{"runbooks.rego:4", "rule runbooks.deny (runbooks-deny)", "to_number"},
		},
		{
			name:   "result of the wrong shape",
			policy: "package runbooks\n\nwarn contains [1, 2] if true\n",
			want:   []string{"runbooks.rego:3", "rule runbooks.warn (runbooks-warn)", "must be a string or an object"},
		},
		{
			name:   "params entry of the wrong shape",
			policy: "package runbooks\n\ndeny contains msg if {\n  limit := data.poddoctor.params.runbooks.limit\n  count(limit) > 1\n  msg := \"over\"\n}\n",
			data:   map[string]any{"params": map[string]any{"runbooks": map[string]any{"limit": 3}}},
			want:   []string{"runbooks.rego:5", "rule runbooks.deny (runbooks-deny)", "count"},
		},
	}
	snap, err := snapshot.Load([]string{"../../testdata/diagnose/crash-loop-deployment.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := New(context.Background(), Options{
				Policies: []policy.Module{{File: "runbooks.rego", Source: tt.policy, User: true}},
				Data:     tt.data,
			})
			if err != nil {
				t.Fatal(err)
			}
			result, err := d.Diagnose(context.Background(), snap, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			crashLoops := map[string]bool{}
			errsByPod := map[string][]string{}
			for _, f := range result.Findings {
				switch f.Rule {
				case "crash-loop":
					crashLoops[f.Object.Name] = true
				case RulePolicyError:
					errsByPod[f.Object.Name] = append(errsByPod[f.Object.Name], f.Message)
				}
			}
			if len(crashLoops) != 2 {
				t.Errorf("crash-loop findings for %v, want both pods", crashLoops)
			}
			for pod := range crashLoops {
				errs := errsByPod[pod]
				if len(errs) != 1 {
					t.Errorf("pod %s: policy errors %q, want one", pod, errs)
					continue
				}
				for _, want := range tt.want {
					if !strings.Contains(errs[0], want) {
						t.Errorf("pod %s: %q does not name %q", pod, errs[0], want)
					}
				}
			}
		})
	}
}
