package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/internal/workloads"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// kindsOfSet compiles modules (Rego source by file name) and returns the
// derived kinds of one result set; nil means every kind.
func kindsOfSet(t *testing.T, modules map[string]string, path string) []string {
	t.Helper()
	parsed := map[string]*ast.Module{}
	for file, src := range modules {
		parsed[file] = ast.MustParseModuleWithOpts(src, ast.ParserOptions{RegoVersion: ast.RegoV1})
	}
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV1)
	c.Compile(parsed)
	if c.Failed() {
		t.Fatal(c.Errors)
	}
	kinds := newKindAnalysis(c.Modules).resultSetKinds(path)
	if kinds == nil {
		return nil
	}
	return kindSet{kinds: kinds}.sorted()
}

// TestKindAnalysis holds the derivation to what is sound: each guard that
// proves a kind, and each form that must not be read as one.
func TestKindAnalysis(t *testing.T) {
	const lib = `package lib
table := {"apps": {"Deployment": {"spec": ["spec"]}}, "batch": {"Job": {}}, "": {"Pod": {}}}
group := input.group
entry := table[group][input.kind]
spec := input.spec if { entry } else := {}
spec_or_default := object.get(input, "spec", {}) if entry
default flag := false
flag if input.kind == "Pod"
is_service if input.kind == "Service"
items contains x if { some x in input.items; input.kind == "List" }
f(x) := x if input.kind == "Secret"
`
	cases := []struct {
		name, body string
		want       []string // nil: every kind
	}{
		{"equality", `input.kind == "Service"`, []string{"Service"}},
		{"unification", `input.kind = "Service"`, []string{"Service"}},
		{"constant on the left", `"Service" == input.kind`, []string{"Service"}},
		{"through a variable", `k := input.kind; k == "Ingress"`, []string{"Ingress"}},
		{"membership", `input.kind in {"Role", "ClusterRole"}`, []string{"ClusterRole", "Role"}},
		{"two guards intersect", `input.kind in {"Role", "ClusterRole"}; input.kind != "x"; input.kind == "Role"`, []string{"Role"}},
		{"constant table keyed by kind", `data.lib.entry`, []string{"Deployment", "Job", "Pod"}},
		{"rule with an else branch read inside", `data.lib.spec.replicas > 1`, []string{"Deployment", "Job", "Pod"}},
		{"complete rule", `data.lib.is_service`, []string{"Service"}},
		{"iterating a partial set", `some x in data.lib.items; x > 1`, []string{"List"}},
		{"function", `data.lib.f(1) == 1`, []string{"Secret"}},
		{"assigned from a rule", `s := data.lib.spec_or_default; s.x`, []string{"Deployment", "Job", "Pod"}},
		{"nothing about the kind", `input.metadata.name == "x"`, nil},
		{"negated", `not input.kind == "Service"`, nil},
		{"negated rule", `not data.lib.is_service`, nil},
		{"else value read whole", `x := data.lib.spec; is_object(x)`, nil},
		{"default rule", `data.lib.flag == false`, nil},
		{"partial set read whole", `count(data.lib.items) == 0`, nil},
		{"inside a comprehension", `xs := [1 | data.lib.is_service]; count(xs) == 0`, nil},
		{"under with", `data.lib.is_service with input as {"kind": "Service"}`, nil},
		{"every", `every x in input.items { x == input.kind; input.kind == "Service" }`, nil},
		{"kind compared with a non-string", `input.kind == 3`, nil},
		{"membership of a non-constant", `input.kind in input.kinds`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "package p\nfindings contains 1 if {\n" + c.body + "\n}\n"
			got := kindsOfSet(t, map[string]string{"lib.rego": lib, "p.rego": src}, "data.p.findings")
			if !slices.Equal(got, c.want) {
				t.Errorf("kinds %v, want %v", got, c.want)
			}
		})
	}
	t.Run("union of definitions", func(t *testing.T) {
		src := "package p\nfindings contains 1 if input.kind == \"A\"\nfindings contains 2 if input.kind == \"B\"\n"
		other := "package p\nfindings contains 3 if input.kind == \"C\"\n"
		got := kindsOfSet(t, map[string]string{"p.rego": src, "q.rego": other}, "data.p.findings")
		if want := []string{"A", "B", "C"}; !slices.Equal(got, want) {
			t.Errorf("kinds %v, want %v", got, want)
		}
	})
	t.Run("one unguarded definition", func(t *testing.T) {
		src := "package p\nfindings contains 1 if input.kind == \"A\"\nfindings contains 2 if input.x\n"
		if got := kindsOfSet(t, map[string]string{"p.rego": src}, "data.p.findings"); got != nil {
			t.Errorf("kinds %v, want every kind", got)
		}
	})
}

// TestKindDispatchOfBuiltinRules checks what the dispatch derives for the
// built-in rules: a rule over containers runs for the workload kinds of
// internal/workloads, a Service rule for Services, and a conftest policy
// of a team gets its kinds without any annotation.
func TestKindDispatchOfBuiltinRules(t *testing.T) {
	cfg := lintConfig()
	team, err := policy.LoadDir("../../../bench/conftest/policy")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Modules = append(cfg.Modules, team...)
	e, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var workloadKinds []string
	for _, k := range workloads.Kinds {
		if !slices.Contains(workloadKinds, k.Kind) {
			workloadKinds = append(workloadKinds, k.Kind)
		}
	}
	sort.Strings(workloadKinds)
	want := map[string][]string{
		"data.poddoctor.lint.latest_tag.findings":                workloadKinds,
		"data.poddoctor.lint.host_namespace.findings":            workloadKinds,
		"data.poddoctor.lint.service_selector_mismatch.findings": {"Service"},
		"data.main.warn": {"CronJob", "DaemonSet", "Deployment", "Job", "Pod", "ReplicaSet", "StatefulSet"},
	}
	for path, kinds := range want {
		got := kindSet{kinds: e.policies.kinds[path]}.sorted()
		if !slices.Equal(got, kinds) {
			t.Errorf("%s: kinds %v, want %v", path, got, kinds)
		}
	}
	if n := len(e.policies.kinds); n < 30 {
		t.Errorf("only %d result sets are dispatched by kind", n)
	}
}

// TestKindDispatchMatchesEveryRule evaluates every object of the lint
// testdata and of both generated corpora with the dispatch by kind and
// with every rule run, the built-in rules and a team's conftest policies
// together: the results (findings, and failures) must be the same.
func TestKindDispatchMatchesEveryRule(t *testing.T) {
	cfg := lintConfig()
	team, err := policy.LoadDir("../../../bench/conftest/policy")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Modules = append(cfg.Modules, team...)
	dispatched, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.everyRule = true
	every, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if dispatched.Evaluator() != EvaluatorVM || len(dispatched.policies.kinds) == 0 || len(every.policies.kinds) != 0 {
		t.Fatal("the engines do not differ by the dispatch")
	}
	type object struct {
		label string
		data  any
	}
	var objects []object
	files, _ := filepath.Glob("../../../testdata/lint/*.yaml")
	for _, file := range files {
		parsed, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range parsed {
			objects = append(objects, object{fmt.Sprintf("%s %s/%s", filepath.Base(file), o.Kind, o.Name), o.Data})
		}
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		generated, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 400, Mix: mix})
		for _, f := range generated {
			parsed, _ := manifest.Parse(f.Path, f.Data)
			for _, o := range parsed {
				objects = append(objects, object{fmt.Sprintf("%s %s %s/%s", mix, f.Path, o.Kind, o.Name), o.Data})
			}
		}
	}
	// Inputs whose kind is missing, not a string, or unknown.
	objects = append(objects,
		object{"no kind", map[string]any{"spec": map[string]any{"template": map[string]any{}}}},
		object{"kind not a string", map[string]any{"kind": 7, "apiVersion": "apps/v1"}},
		object{"unknown kind", map[string]any{"kind": "Widget", "apiVersion": "example.com/v1"}})
	ctx := context.Background()
	results, teamResults := 0, 0
	for _, o := range objects {
		input, err := ToValue(o.data)
		if err != nil {
			t.Fatal(err)
		}
		got, gotErr := dispatched.Evaluate(ctx, input, Run{})
		want, wantErr := every.Evaluate(ctx, input, Run{})
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, with every rule %v", o.label, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: results differ\ndispatched: %+v\nevery rule: %+v", o.label, got, want)
		}
		results += len(want)
		for _, r := range want {
			if r.Package == "main" {
				teamResults++
			}
		}
	}
	t.Logf("%d objects, %d results, %d of the team's policies", len(objects), results, teamResults)
	if len(objects) < 800 || results == 0 || teamResults == 0 {
		t.Errorf("%d objects, %d results, %d of the team's: too few to compare", len(objects), results, teamResults)
	}
}
