package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// TestHostileInputs lints a directory of files that are broken in every
// way a repository can break them. Each must become a finding that names
// its file, never a crash or a lost run, and the good file beside them must
// still be linted.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n  - name: app\n    image: nginx:latest\n"))
	write("binary.yaml", []byte{0x7f, 'E', 'L', 'F', 0, 0, 0, 0xff, 0xfe, 0x00, 0x01})
	write("laughs.yaml", []byte(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`))
	write("deep.yaml", []byte(strings.Repeat("[", 100000)+strings.Repeat("]", 100000)))
	write("chart-deployment.yaml", []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"))
	write("kustomization.yaml", []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [good.yaml]\n"))
	write("lost-indent.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata:\nname: flat\nspec:\n  containers: []\n"))
	write("duplicate-key.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n"))
	write("huge.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: \""+strings.Repeat("x", 17<<20)+"\"\n"))
	write("empty.yaml", nil)
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}

	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatalf("the run failed instead of reporting: %v", err)
	}
	byFile := map[string][]string{}
	for _, f := range result.Findings {
		if f.Location == nil {
			t.Errorf("finding without a location: %+v", f)
			continue
		}
		byFile[filepath.Base(f.Location.File)] = append(byFile[filepath.Base(f.Location.File)], f.Rule+": "+f.Message)
	}
	wantProblem := map[string]string{
		"binary.yaml":           "",
		"laughs.yaml":           "",
		"deep.yaml":             "",
		"chart-deployment.yaml": "helm template",
		"kustomization.yaml":    "kustomize build",
		"lost-indent.yaml":      "",
		"duplicate-key.yaml":    "already defined",
		"huge.yaml":             "over the limit",
	}
	for file, want := range wantProblem {
		found := false
		for _, msg := range byFile[file] {
			if strings.HasPrefix(msg, RuleInvalidManifest+": ") && strings.Contains(msg, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: want an invalid-manifest finding containing %q, got %q", file, want, byFile[file])
		}
	}
	if !strings.Contains(strings.Join(byFile["good.yaml"], "\n"), "latest-tag") {
		t.Errorf("the good file beside the broken ones was not linted: %q", byFile["good.yaml"])
	}
	if len(byFile["empty.yaml"]) != 0 {
		t.Errorf("an empty file is not a problem: %q", byFile["empty.yaml"])
	}
}

func TestGoRulePanicBecomesFinding(t *testing.T) {
	objects, _ := manifest.Parse("p.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n"))
	got := guardGoRule("unknown-field", objects[0], func(*manifest.Object) []finding.Finding { panic("index out of range") })
	if len(got) != 1 || got[0].Rule != RuleRuleError || !strings.Contains(got[0].Message, "rule unknown-field failed on this object: index out of range") || got[0].Object.Name != "p" {
		t.Fatalf("got %+v", got)
	}
}

func TestUnreadableFileIsAFinding(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Permissions do not stop root, so the unreadable file is a link to
	// /proc/self/mem: a regular file whose first page cannot be read (EIO).
	unreadable := filepath.Join(dir, "unreadable.yaml")
	if err := os.Symlink("/proc/self/mem", unreadable); err != nil {
		t.Fatal(err)
	}
	if _, err := os.ReadFile(unreadable); err == nil {
		t.Skip("reading /proc/self/mem succeeds here; no unreadable file to test with")
	}
	linter, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := holdInputBytes
	defer func() { holdInputBytes = saved }()
	for _, hold := range []int64{saved, 0} { // in memory, and read twice
		holdInputBytes = hold
		result, err := linter.LintPaths(context.Background(), []string{dir}, nil)
		if err != nil {
			t.Fatalf("hold %d: the run failed instead of reporting: %v", hold, err)
		}
		var found bool
		for _, f := range result.Findings {
			if f.Rule == RuleInvalidManifest && f.Location.File == unreadable && strings.Contains(f.Message, "cannot read the file") {
				found = true
			}
		}
		if !found || result.Objects != 1 {
			t.Fatalf("hold %d: findings %+v, objects %d", hold, result.Findings, result.Objects)
		}
	}
}
