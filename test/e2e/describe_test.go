package e2e

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestSavedRealDescribe diagnoses testdata/real-describe/, the real
// `kubectl describe` text (kubectl 1.37) of the run that saved
// testdata/real-cluster.yaml, and wants the findings of that snapshot's
// `# want:` lines, except the rules describe cannot carry. Describe text
// has no capture time of its own here (the files' times are the
// checkout's), so it is dated by the newest time it prints.
func TestSavedRealDescribe(t *testing.T) {
	data, err := os.ReadFile("testdata/real-cluster.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, m := range regexp.MustCompile(`(?m)^#\s*want:\s*(.+)$`).FindAllStringSubmatch(string(data), -1) {
		fields := strings.Fields(m[1])
		if _, cannot := RulesDescribeCannotCarry[fields[2]]; !cannot {
			want = append(want, strings.Join(fields, " "))
		}
	}
	snap, err := snapshot.LoadWith([]string{"testdata/real-describe"}, nil, snapshot.Options{IgnoreFileTimes: true})
	if err != nil {
		t.Fatal(err)
	}
	_, got := diagnoseKeyed(t, snap)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("describe text gives\n%s\nthe saved snapshot wants\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
