package diagnose

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/internal/wanttest"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// wantLine is `# want: Kind namespace/name rule [container]`.
var wantLine = regexp.MustCompile(`(?m)^#\s*want:\s*(.+)$`)

// wants reads the expected findings of a testdata snapshot: from its
// comments, or from want.txt inside a snapshot directory.
func wants(t *testing.T, path string) []string {
	t.Helper()
	file := path
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		file = filepath.Join(path, "want.txt")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range wantLine.FindAllStringSubmatch(string(data), -1) {
		out = append(out, strings.Join(strings.Fields(m[1]), " "))
	}
	return out
}

func findingKey(f finding.Finding) string {
	key := fmt.Sprintf("%s %s/%s %s", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule)
	if f.Container != "" {
		key += " " + f.Container
	}
	return key
}

// TestAnnotatedSnapshots diagnoses every snapshot under testdata/diagnose
// and compares the findings with its `# want:` lines: a missing finding and
// an extra one both fail. A snapshot with no want line must be silent.
func TestAnnotatedSnapshots(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/diagnose/*")
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, path := range paths {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".golden") {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			want := wants(t, path)
			snap, err := loadAnnotated(t, path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := d.Diagnose(context.Background(), snap, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range res.Findings {
				got = append(got, findingKey(f))
				covered[f.Rule] = true
				if f.Message == "" || f.Remedy == "" {
					t.Errorf("%s: finding without message or remedy: %+v", findingKey(f), f)
				}
			}
			wanttest.Compare(t, want, got)
			if t.Failed() {
				for _, f := range res.Findings {
					t.Logf("%s: %s\n  evidence: %q", findingKey(f), f.Message, f.Evidence)
				}
			}
		})
	}
	t.Logf("rules with a positive snapshot case: %d", len(covered))
}

// nowLine is `# now: 2026-11-25T07:41:42Z`: the capture time of a
// `kubectl describe` testdata file, whose event ages count back from it
// (the file's own modification time is the checkout's).
var nowLine = regexp.MustCompile(`(?m)^#\s*now:\s*(\S+)\s*$`)

func loadAnnotated(t *testing.T, path string) (*snapshot.Snapshot, error) {
	t.Helper()
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if m := nowLine.FindSubmatch(data); m != nil {
			now, err := time.Parse(time.RFC3339, string(m[1]))
			if err != nil {
				t.Fatalf("%s: # now: %v", path, err)
			}
			return snapshot.LoadAt([]string{path}, nil, now)
		}
	}
	return snapshot.Load([]string{path}, nil)
}
