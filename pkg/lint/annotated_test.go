package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/wanttest"
	"github.com/poddoctor/poddoctor/pkg/config"
)

var (
	wantPattern   = regexp.MustCompile(`#\s*want:\s*(.+)$`)
	checkPattern  = regexp.MustCompile(`#\s*check:\s*(.+)$`)
	configPattern = regexp.MustCompile(`(?m)^#\s*config:\s*(.+)$`)
)

// fileLinter returns the linter a testdata file asks for: the default one,
// or one configured by a `# config: {...}` line (.poddoctor.yaml as JSON).
func fileLinter(t *testing.T, path string, standard *Linter) *Linter {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := configPattern.FindSubmatch(data)
	if m == nil {
		return standard
	}
	cfg, err := config.Parse(m[1])
	if err != nil {
		t.Fatalf("%s: # config: %v", path, err)
	}
	l, err := New(context.Background(), Options{Data: cfg.Data(), Disable: cfg.Disable, Enable: cfg.Enable, Profile: cfg.Profile, KnownImages: cfg.KnownImages})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// annotations reads `# check:` and `# want:` comments: the rules a file is
// about, and "line rule" keys that must be reported.
func annotations(t *testing.T, path string) (checked []string, want []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if m := checkPattern.FindStringSubmatch(line); m != nil {
			checked = append(checked, splitList(m[1])...)
			continue
		}
		if m := wantPattern.FindStringSubmatch(line); m != nil {
			for _, rule := range splitList(m[1]) {
				want = append(want, fmt.Sprintf("%d %s", i+1, rule))
			}
		}
	}
	if len(checked) == 0 {
		t.Fatalf("%s has no # check: line", path)
	}
	return checked, want
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// TestAnnotatedTestdata lints every file of testdata/lint and compares the
// findings of the checked rules with the `# want:` annotations, failing on
// a missing finding and on an extra one.
func TestAnnotatedTestdata(t *testing.T) {
	files, err := filepath.Glob("../../testdata/lint/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			checked, want := annotations(t, file)
			result, err := fileLinter(t, file, linter).LintPaths(context.Background(), []string{file}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range result.Findings {
				if !slices.Contains(checked, f.Rule) {
					continue
				}
				if f.Location == nil || f.Location.File != file {
					t.Errorf("%s finding without a location in %s: %+v", f.Rule, file, f)
					continue
				}
				got = append(got, fmt.Sprintf("%d %s", f.Location.Line, f.Rule))
				covered[f.Rule] = true
			}
			slices.Sort(got)
			slices.Sort(want)
			wanttest.Compare(t, want, got)
			if t.Failed() {
				for _, f := range result.Findings {
					t.Logf("%s %s %s", f.Location, f.Rule, f.Message)
				}
			}
		})
	}
	for _, rule := range linter.Rules() {
		if rule.Engine == "lint" && rule.ID != RulePolicyError && rule.ID != RuleRuleError && !covered[rule.ID] {
			t.Errorf("rule %s has no positive case in testdata/lint", rule.ID)
		}
	}
}

func TestSuppressions(t *testing.T) {
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(context.Background(), []string{"../../testdata/lint/suppressed.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var suppressed []string
	for _, f := range result.Suppressed {
		if f.Rule == "latest-tag" || f.Rule == "image-typo" {
			suppressed = append(suppressed, fmt.Sprintf("%s/%s %s %s", f.Object.Name, f.Container, f.Rule, strings.Join(f.Evidence, ";")))
		}
	}
	slices.Sort(suppressed)
	want := []string{
		"everything-off/app image-typo ",
		"everything-off/app latest-tag ",
		"web/sidecar latest-tag ",
		"web/web image-typo suppressed: our registry mirror really is called ngnx",
	}
	if !slices.Equal(suppressed, want) {
		t.Errorf("suppressed findings:\n got %q\nwant %q", suppressed, want)
	}
}
