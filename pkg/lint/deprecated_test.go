package lint

import (
	"context"
	"os"
	"regexp"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

func TestDeprecatedAPIDependsOnTarget(t *testing.T) {
	objects, problems := manifest.Parse("d.yaml", []byte("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\nspec: {}\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	tests := []struct {
		target string
		want   finding.Severity
		found  bool
	}{
		{"1.7", 0, false},               // before deprecation: fine
		{"1.8", finding.Warning, true},  // deprecated in 1.8
		{"1.15", finding.Warning, true}, // still served
		{"1.16", finding.Error, true},   // removed in 1.16
		{"v1.30.2", finding.Error, true},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			kube, err := ParseKubeVersion(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			l, err := New(context.Background(), Options{KubeVersion: kube})
			if err != nil {
				t.Fatal(err)
			}
			got := l.deprecatedAPIFindings(objects[0])
			if !tt.found {
				if len(got) != 0 {
					t.Fatalf("want no finding, got %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Severity != tt.want || got[0].Fix == nil || got[0].Fix.Value != "apps/v1" || got[0].Location.Line != 1 {
				t.Fatalf("got %+v, want one %v finding with fix apps/v1 at line 1", got, tt.want)
			}
		})
	}
}

func TestParseKubeVersionRejectsGarbage(t *testing.T) {
	for _, s := range []string{"", "1", "one.two", "1.x", "0.5"} {
		if _, err := ParseKubeVersion(s); err == nil {
			t.Errorf("ParseKubeVersion(%q) succeeded", s)
		}
	}
}

// TestDefaultKubeVersionFollowsGoMod keeps the fallback in step with the
// k8s.io/api this module requires.
func TestDefaultKubeVersionFollowsGoMod(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*k8s\.io/api v0\.(\d+)\.`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod does not require k8s.io/api")
	}
	want := "1." + string(m[1])
	if got := fallbackKubeVersion.String(); got != want {
		t.Errorf("fallbackKubeVersion = %s, go.mod's k8s.io/api serves %s", got, want)
	}
	if got := DefaultKubeVersion().String(); got != want {
		t.Errorf("DefaultKubeVersion() = %s, want %s", got, want)
	}
}
