package diagnose

import (
	"context"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestTeamSignatures runs the example policies of docs/facts.md ("Your
// own crash signatures"): one reads the log tail for an in-house wording,
// one reads the classified cause. Their own Rego tests pass, and on a
// snapshot they find what they promise beside the built-in findings.
func TestTeamSignatures(t *testing.T) {
	ctx := context.Background()
	modules, err := policy.LoadDir("../../testdata/policies/signatures")
	if err != nil {
		t.Fatal(err)
	}
	results, err := eval.RunTests(ctx, modules, eval.TestOptions{Builtins: builtin.All(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) < 4 {
		t.Errorf("ran %d Rego tests of the example policies, want 4", len(results))
	}
	for _, r := range results {
		if !r.Pass {
			t.Errorf("example policy test failed: %+v", r)
		}
	}
	d, err := New(ctx, Options{Policies: modules})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Load([]string{"../../testdata/policies/signatures-crash.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Diagnose(ctx, snap, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"billing-7d9f billing-license-expired":           `container "billing" stopped: its vendor license expired (LIC-403)`,
		"reporting-export reporting-db-password-rotated": `container "export" cannot log in to the warehouse as "reporting": the monthly password rotation has not reached Secret reporting-db`,
		"reporting-export container-failed":              `container "export" failed: the database refused the login of user "reporting"; it exited with exit code 2`,
		"billing-7d9f crash-loop":                        `container "billing" is crash-looping: it exited with exit code 4 (application-defined error) and has restarted 5 times`,
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Object.Name+" "+f.Rule] = f.Message
	}
	for k, msg := range want {
		if got[k] != msg {
			t.Errorf("%s:\n got  %q\n want %q", k, got[k], msg)
		}
	}
}
