package diagnose

import (
	"context"
	"fmt"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestTeamDiagnosisSeesTheCaptureTime: a team policy that reads the clock
// reads the snapshot's capture time, so diagnosing a saved snapshot gives
// the same output on any day.
func TestTeamDiagnosisSeesTheCaptureTime(t *testing.T) {
	snap, err := snapshot.Load([]string{"../../testdata/diagnose/crash-loop-deployment.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.CapturedAt.IsZero() {
		t.Fatal("the testdata has no capture time")
	}
	src := "package runbooks\n\nwarn contains msg if {\n  input.pod\n  msg := sprintf(\"clock %d\", [time.now_ns()])\n}\n"
	d, err := New(context.Background(), Options{Policies: []policy.Module{{File: "runbooks.rego", Source: src, User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	result, err := d.Diagnose(context.Background(), snap, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("clock %d", snap.CapturedAt.UnixNano())
	n := 0
	for _, f := range result.Findings {
		if f.Rule == "runbooks-warn" {
			n++
			if f.Message != want {
				t.Errorf("message %q, want %q", f.Message, want)
			}
		}
	}
	if n == 0 {
		t.Error("the team policy gave no finding")
	}
}
