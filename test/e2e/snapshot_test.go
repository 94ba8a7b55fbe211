package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/wanttest"
	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestSavedRealSnapshot diagnoses the snapshot a real cluster run saved
// (testdata/real-cluster.yaml, rewritten by TestRealCluster -update) offline,
// as pkg/diagnose's annotated tests do: its `# want:` lines are the rules the
// scenarios call for, and a missing or an extra finding fails. It needs no
// cluster, so it runs everywhere.
func TestSavedRealSnapshot(t *testing.T) {
	path := filepath.Join("testdata", "real-cluster.yaml")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skip("SKIPPED: no testdata/real-cluster.yaml yet (TestRealCluster -update writes it)")
	}
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range regexp.MustCompile(`(?m)^#\s*want:\s*(.+)$`).FindAllStringSubmatch(string(data), -1) {
		want = append(want, strings.Join(strings.Fields(m[1]), " "))
	}
	if len(want) == 0 {
		t.Fatalf("%s has no want lines", path)
	}
	snap, err := snapshot.Load([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, got := diagnoseKeyed(t, snap)
	for i, f := range res.Findings {
		if f.Message == "" || f.Remedy == "" || len(f.Evidence) == 0 {
			t.Errorf("%s: finding without message, remedy or evidence: %+v", got[i], f)
		}
	}
	wanttest.Compare(t, want, got)
	if t.Failed() {
		for _, f := range res.Findings {
			t.Logf("%s %s/%s %s %s: %s\n  evidence: %q", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule, f.Container, f.Message, f.Evidence)
		}
	}
}

// diagnoseKeyed diagnoses snap with the built-in rules and returns the
// result with a key for each finding, in order, as the `# want:` lines
// write them: "Kind namespace/name rule [container]".
func diagnoseKeyed(t *testing.T, snap *snapshot.Snapshot) (diagnose.Result, []string) {
	t.Helper()
	d, err := diagnose.New(context.Background(), diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Diagnose(context.Background(), snap, diagnose.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(res.Findings))
	for i, f := range res.Findings {
		keys[i] = fmt.Sprintf("%s %s/%s %s", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule)
		if f.Container != "" {
			keys[i] += " " + f.Container
		}
	}
	return res, keys
}
