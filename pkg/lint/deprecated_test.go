package lint

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/endpoints/deprecation"
	"k8s.io/client-go/kubernetes/scheme"

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

// TestRemovedAPIsAreReported walks every type client-go registers from
// k8s.io/api, and every deleted type poddoctor knows, and checks that an
// object of each removed apiVersion is reported as an error at the release
// that removed it and at the newest release poddoctor knows, and not as an
// error the release before.
func TestRemovedAPIsAreReported(t *testing.T) {
	type removedAPI struct {
		gvk     schema.GroupVersionKind
		removed KubeVersion
	}
	var removed []removedAPI
	for gvk := range scheme.Scheme.AllKnownTypes() {
		obj, err := scheme.Scheme.New(gvk)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := obj.(metav1.Object); !ok {
			continue // lists, options, reviews: not objects a manifest holds
		}
		if r := deprecation.RemovedRelease(obj); r != "" {
			v, err := ParseKubeVersion(r)
			if err != nil {
				t.Fatalf("%v: removed in %q: %v", gvk, r, err)
			}
			removed = append(removed, removedAPI{gvk, v})
		}
	}
	for gvk, d := range deletedAPIs {
		if obj, err := scheme.Scheme.New(gvk); err == nil && deprecation.RemovedRelease(obj) != "" {
			t.Errorf("%v is in deletedAPIs but its k8s.io/api type says when it was removed: read it from the type", gvk)
		}
		removed = append(removed, removedAPI{gvk, d.removed})
	}
	if len(removed) < 60 {
		t.Fatalf("found only %d removed apiVersion/kind pairs", len(removed))
	}
	linterAt := map[KubeVersion]*Linter{}
	lint := func(api removedAPI, target KubeVersion) []finding.Finding {
		l := linterAt[target]
		if l == nil {
			var err error
			if l, err = New(context.Background(), Options{KubeVersion: target}); err != nil {
				t.Fatal(err)
			}
			linterAt[target] = l
		}
		src := fmt.Sprintf("apiVersion: %s\nkind: %s\nmetadata: {name: x}\n", api.gvk.GroupVersion(), api.gvk.Kind)
		objects, problems := manifest.Parse("r.yaml", []byte(src))
		if len(objects) != 1 || len(problems) > 0 {
			t.Fatalf("%s: %v", src, problems)
		}
		return l.deprecatedAPIFindings(objects[0])
	}
	newest := DefaultKubeVersion()
	for _, api := range removed {
		for _, target := range []KubeVersion{api.removed, newest} {
			if !target.atLeast(api.removed.Major, api.removed.Minor) {
				continue
			}
			got := lint(api, target)
			if len(got) != 1 || got[0].Severity != finding.Error {
				t.Errorf("%v at %s (removed in %s): got %+v, want one error", api.gvk, target, api.removed, got)
			}
		}
		before := KubeVersion{api.removed.Major, api.removed.Minor - 1}
		for _, f := range lint(api, before) {
			if f.Severity == finding.Error {
				t.Errorf("%v at %s, before its removal in %s: %s", api.gvk, before, api.removed, f.Message)
			}
		}
	}
	// The three the issue names, which passed silently before.
	for _, api := range []string{"events.k8s.io/v1beta1 Event", "node.k8s.io/v1beta1 RuntimeClass", "policy/v1beta1 PodSecurityPolicy"} {
		apiVersion, kind, _ := strings.Cut(api, " ")
		gv, _ := schema.ParseGroupVersion(apiVersion)
		if got := lint(removedAPI{gvk: gv.WithKind(kind)}, KubeVersion{1, 37}); len(got) != 1 || got[0].Severity != finding.Error {
			t.Errorf("%s at 1.37: got %+v, want one error", api, got)
		}
	}
	t.Logf("%d removed apiVersion/kind pairs checked", len(removed))
}
