package source

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
)

func lintKustomization(t *testing.T, dir string) []finding.Finding {
	t.Helper()
	k, err := BuildKustomization(dir)
	if err != nil {
		t.Fatal(err)
	}
	res := newLinter(t).LintInputs(context.Background(), []lint.Input{{Name: k.File.Name, Data: k.File.Data}})
	k.Remap(res.Findings)
	return res.Findings
}

// TestKustomizeFindingsAtResourceAndPatchLines is the golden test of an
// overlay with a name prefix, a strategic-merge patch and a generator over
// a base: a field the patch sets is at the patch's line, the others at the
// base's resource file.
func TestKustomizeFindingsAtResourceAndPatchLines(t *testing.T) {
	findings := lintKustomization(t, "testdata/kustomize/overlays/prod")
	byRule := map[string]string{}
	for _, f := range findings {
		if f.Location == nil || f.Location.Line == 0 || f.Location.File == "testdata/kustomize/overlays/prod" {
			t.Errorf("%s %s is not at a source line: %+v", f.Rule, f.Object, f.Location)
			continue
		}
		byRule[f.Rule] = f.Location.String()
	}
	for rule, want := range map[string]string{
		"privileged-container": "testdata/kustomize/overlays/prod/privileged.yaml:12:25",
		"latest-tag":           "testdata/kustomize/overlays/prod/privileged.yaml:10:18",
		"missing-memory-limit": "testdata/kustomize/base/deployment.yaml:18:11",
	} {
		if byRule[rule] != want {
			t.Errorf("%s at %q, want %s", rule, byRule[rule], want)
		}
	}
	checkGolden(t, "testdata/kustomize/prod.golden", describe(findings))
}

// TestKustomizeFindingsEqualBuildOutput: linting the directory finds what
// linting `kustomize build` output finds (krusty with default options, as
// the kustomize command runs it), location aside.
func TestKustomizeFindingsEqualBuildOutput(t *testing.T) {
	dir := "testdata/kustomize/overlays/prod"
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatal(err)
	}
	built, err := resources.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	theirs := newLinter(t).LintInputs(context.Background(), []lint.Input{{Name: "built.yaml", Data: built}}).Findings
	ours := lintKustomization(t, dir)
	if len(ours) == 0 {
		t.Fatal("no findings on an overlay written to have some")
	}
	if diff := cmp.Diff(identities(theirs), identities(ours)); diff != "" {
		t.Errorf("findings differ from those on kustomize build (-build +poddoctor):\n%s", diff)
	}
	k, err := BuildKustomization(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(k.File.Data), originAnnotation) || strings.Contains(string(k.File.Data), transformationAnnotation) {
		t.Errorf("the build poddoctor lints keeps the annotations it asked for:\n%s", k.File.Data)
	}
}

func TestKustomizeRefusesRemoteBases(t *testing.T) {
	_, err := BuildKustomization("testdata/kustomize/remote")
	if err == nil || !strings.Contains(err.Error(), "remote base") || !strings.Contains(err.Error(), "github.com/example/manifests") {
		t.Errorf("err = %v, want a refusal naming the remote base", err)
	}
}
