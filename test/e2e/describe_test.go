package e2e

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
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
	d, err := diagnose.New(context.Background(), diagnose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Diagnose(context.Background(), snap, diagnose.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		key := fmt.Sprintf("%s %s/%s %s", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule)
		if f.Container != "" {
			key += " " + f.Container
		}
		got = append(got, key)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("describe text gives\n%s\nthe saved snapshot wants\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
