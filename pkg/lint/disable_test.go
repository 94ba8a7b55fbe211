package lint

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// disableInput gives findings of every path a finding comes from: a Rego
// rule (latest-tag), Go rules on objects (unknown-field, deprecated-api), a
// document that does not parse (invalid-manifest), a suppressed finding,
// and a team policy that fails at run time (policy-error).
const disableInput = `apiVersion: extensions/v1beta1
kind: Deployment
metadata: {name: old}
spec:
  template:
    spec:
      containers:
      - {name: app, image: "nginx:latest", imagePullPolcy: Always}
---
apiVersion: v1
kind: Pod
metadata:
  name: quiet
  annotations: {poddoctor.io/ignore: latest-tag}
spec:
  containers:
  - {name: app, image: "nginx:latest"}
---
apiVersion: v1
kind: Pod
metadata: {name: loud}
spec:
  containers:
  - {name: app, image: "nginx:latest"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: broken
`

// failingPolicy conflicts on the Deployment only: two values for one
// complete rule is an error at run time.
var failingPolicy = policy.Module{File: "team/conflict.rego", User: true, Source: `package conflict

v := 1 if input.kind == "Deployment"

v := 2 if input.kind == "Deployment"

deny contains sprintf("%v", [v]) if true
`}

// TestDisableDropsEveryPath checks that --disable X leaves no X finding,
// reported or suppressed, whichever path produced it, and leaves the
// others.
func TestDisableDropsEveryPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "in.yaml")
	if err := os.WriteFile(path, []byte(disableInput), 0o644); err != nil {
		t.Fatal(err)
	}
	kube, _ := ParseKubeVersion("1.30")
	run := func(disable ...string) Result {
		t.Helper()
		l, err := New(ctx, Options{Disable: disable, KubeVersion: kube, Policies: []policy.Module{failingPolicy}, Conftest: eval.Conftest{AllNamespaces: true}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := l.LintPaths(ctx, []string{path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	rulesOf := func(fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			if !slices.Contains(out, f.Rule) {
				out = append(out, f.Rule)
			}
		}
		return out
	}
	all := run()
	paths := []string{RuleUnknownField, RuleDeprecatedAPI, RuleInvalidManifest, RulePolicyError, "latest-tag"}
	for _, rule := range paths {
		if !slices.Contains(rulesOf(all.Findings), rule) {
			t.Fatalf("without --disable there is no %s finding (rules: %v): the input no longer covers that path", rule, rulesOf(all.Findings))
		}
	}
	if !slices.Contains(rulesOf(all.Suppressed), "latest-tag") {
		t.Fatalf("no suppressed latest-tag finding: %v", rulesOf(all.Suppressed))
	}
	for _, rule := range paths {
		t.Run(rule, func(t *testing.T) {
			res := run(rule)
			if slices.Contains(rulesOf(res.Findings), rule) || slices.Contains(rulesOf(res.Suppressed), rule) {
				t.Errorf("--disable %s left %s findings: %v / suppressed %v", rule, rule, rulesOf(res.Findings), rulesOf(res.Suppressed))
			}
			for _, other := range paths {
				if other != rule && !slices.Contains(rulesOf(res.Findings), other) {
					t.Errorf("--disable %s also dropped %s", rule, other)
				}
			}
		})
	}
}
