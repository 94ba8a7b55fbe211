package eval

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// compileTeam compiles a team's modules as lint does, with conftest's
// selection c, for both evaluators, and fails when either does not compile.
func compileTeam(t *testing.T, c Conftest, docs map[string]any, modules ...policy.Module) []*Engine {
	t.Helper()
	var out []*Engine
	for _, ev := range []string{EvaluatorVM, EvaluatorTopdown} {
		e, err := Compile(context.Background(), Config{Engine: "lint", Modules: modules, Builtins: builtin.All(nil), Conftest: c, Documents: docs, Evaluator: ev})
		if err != nil {
			t.Fatal(err)
		}
		if e.Evaluator() != ev {
			t.Fatalf("evaluator %s fell back: %v", ev, e.fallback)
		}
		out = append(out, e)
	}
	return out
}

// brief is a result as the tests compare them.
type brief struct {
	Rule      string
	Severity  finding.Severity
	Message   string
	Exception bool
}

func briefs(t *testing.T, e *Engine, input any) []brief {
	t.Helper()
	var out []brief
	for _, r := range evaluate(t, e, input) {
		out = append(out, brief{r.Rule, r.Severity, r.Message, r.Exception})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Message < out[j].Message
	})
	return out
}

func team(file, src string) policy.Module { return policy.Module{File: file, Source: src, User: true} }

// conftest v0.71.1, policy/engine.go: warn(_[a-zA-Z0-9]+)* and
// (deny|violation)(_[a-zA-Z0-9]+)* hold results.
func TestConftestSuffixedRules(t *testing.T) {
	src := `package main

deny_run_as_root contains "root" if input.root
violation_host_network contains {"msg": "host network"} if input.hostNetwork
warn_latest_tag contains "latest" if input.latest
warn contains "plain warn" if input.latest
deny_ contains "not a result rule: an empty suffix" if true
denyall contains "not a result rule either" if true
`
	for _, e := range compileTeam(t, Conftest{}, nil, team("policy/main.rego", src)) {
		got := briefs(t, e, map[string]any{"root": true, "hostNetwork": true, "latest": true})
		want := []brief{
			{"main-deny-run-as-root", finding.Error, "root", false},
			{"main-violation-host-network", finding.Error, "host network", false},
			{"main-warn", finding.Warning, "plain warn", false},
			{"main-warn-latest-tag", finding.Warning, "latest", false},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", e.Evaluator(), got, want)
		}
	}
}

// conftest's examples/exceptions: an exception names rules without their
// prefix; it turns all their results off for the input and is reported as
// conftest's query.
func TestConftestExceptions(t *testing.T) {
	src := `package main

deny_run_as_root contains sprintf("%s runs as root", [input.metadata.name]) if not input.nonRoot
warn_run_as_root contains "warned" if not input.nonRoot
deny contains "plain deny" if input.plain
deny_other contains "other" if true

exception contains rules if {
	input.metadata.name == "can-run-as-root"
	rules := ["run_as_root"]
}

exception contains rules if {
	input.metadata.name == "plain-ok"
	rules := [""]
}
`
	for _, e := range compileTeam(t, Conftest{}, nil, team("policy/exceptions.rego", src)) {
		got := briefs(t, e, map[string]any{"metadata": map[string]any{"name": "can-run-as-root"}})
		want := []brief{
			{"main-deny-other", finding.Error, "other", false},
			{"main-deny-run-as-root", finding.Error, `data.main.exception[_][_] == "run_as_root"`, true},
			{"main-warn-run-as-root", finding.Warning, `data.main.exception[_][_] == "run_as_root"`, true},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s excepted: got %+v\nwant %+v", e.Evaluator(), got, want)
		}
		got = briefs(t, e, map[string]any{"metadata": map[string]any{"name": "cannot-run-as-root"}})
		want = []brief{
			{"main-deny-other", finding.Error, "other", false},
			{"main-deny-run-as-root", finding.Error, "cannot-run-as-root runs as root", false},
			{"main-warn-run-as-root", finding.Warning, "warned", false},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s not excepted: got %+v\nwant %+v", e.Evaluator(), got, want)
		}
		// "" names the plain rules: deny here.
		got = briefs(t, e, map[string]any{"metadata": map[string]any{"name": "plain-ok"}, "plain": true, "nonRoot": true})
		want = []brief{
			{"main-deny", finding.Error, `data.main.exception[_][_] == ""`, true},
			{"main-deny-other", finding.Error, "other", false},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s plain exception: got %+v\nwant %+v", e.Evaluator(), got, want)
		}
	}
}

// conftest evaluates package main unless --namespace (names or globs) or
// --all-namespaces says otherwise; other packages stay usable as libraries.
func TestConftestNamespaces(t *testing.T) {
	modules := []policy.Module{
		team("policy/main.rego", "package main\n\nimport data.k8s.helpers\n\ndeny contains \"main\" if helpers.is_pod\n"),
		team("policy/helpers.rego", "package k8s.helpers\n\nis_pod if input.kind == \"Pod\"\n\ndeny contains \"k8s.helpers\" if is_pod\n"),
		team("policy/team.rego", "package k8s.team\n\nwarn contains \"k8s.team\" if input.kind == \"Pod\"\n"),
		team("policy/other.rego", "package other\n\ndeny contains \"other\" if true\n"),
	}
	tests := []struct {
		name string
		c    Conftest
		want []string
	}{
		{"default main", Conftest{}, []string{"main"}},
		{"one name", Conftest{Namespaces: []string{"k8s.team"}}, []string{"k8s.team"}},
		{"two names", Conftest{Namespaces: []string{"main", "other"}}, []string{"main", "other"}},
		{"glob across dots", Conftest{Namespaces: []string{"k8s.*"}}, []string{"k8s.helpers", "k8s.team"}},
		{"unknown name", Conftest{Namespaces: []string{"notpresent"}}, nil},
		{"all", Conftest{AllNamespaces: true}, []string{"k8s.helpers", "k8s.team", "main", "other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, e := range compileTeam(t, tt.c, nil, modules...) {
				var got []string
				for _, r := range evaluate(t, e, map[string]any{"kind": "Pod"}) {
					got = append(got, r.Message)
				}
				sort.Strings(got)
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%s: got %v, want %v", e.Evaluator(), got, tt.want)
				}
			}
		})
	}
	if note := NamespaceNote(modules, Conftest{Namespaces: []string{"notpresent"}}); !strings.Contains(note, "k8s.helpers, k8s.team, main, other") {
		t.Errorf("note %q does not list the packages", note)
	}
	if note := NamespaceNote(modules, Conftest{}); !strings.HasPrefix(note, "policy packages k8s.helpers, k8s.team, other have deny") {
		t.Errorf("packages with result rules left out: note %q", note)
	}
	if note := NamespaceNote(modules, Conftest{Namespaces: []string{"*"}}); note != "" {
		t.Errorf("every package selected, yet the note says %q", note)
	}
	if note := NamespaceNote(modules[:1], Conftest{}); note != "" {
		t.Errorf("only main, yet the note says %q", note)
	}
	if err := (Conftest{Namespaces: []string{"k8s.["}}).Validate(); err == nil {
		t.Error("a malformed glob passed")
	}
}

// A package that declares a poddoctor rule in METADATA runs whatever the
// namespace selection.
func TestConftestNamespacesKeepPoddoctorRules(t *testing.T) {
	src := "# METADATA\n# description: d\n# custom:\n#   id: team-rule\n#   severity: warning\n#   remedy: r\npackage team.rules\n\nfindings contains \"team rule\" if true\n"
	for _, e := range compileTeam(t, Conftest{}, nil, team("policy/rule.rego", src)) {
		if got := briefs(t, e, map[string]any{}); len(got) != 1 || got[0].Rule != "team-rule" {
			t.Errorf("%s: got %+v", e.Evaluator(), got)
		}
	}
}

// conftest's --combine input: every document of every file as
// {path, contents}, ordered by path, documents of a file in their order.
func TestConftestCombinedInput(t *testing.T) {
	v, err := builtin.CombinedInput([]builtin.CombinedDocument{
		{Path: "b.yaml", Contents: map[string]any{"kind": "Service", "n": 1}},
		{Path: "a.yaml", Contents: map[string]any{"kind": "Deployment"}},
		{Path: "b.yaml", Contents: map[string]any{"kind": "Service", "n": 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := ast.MustParseTerm(`[{"path": "a.yaml", "contents": {"kind": "Deployment"}}, {"path": "b.yaml", "contents": {"kind": "Service", "n": 1}}, {"path": "b.yaml", "contents": {"kind": "Service", "n": 2}}]`)
	if v.Compare(want.Value) != 0 {
		t.Fatalf("combined input %v, want %v", v, want)
	}
	src := "package main\n\ndeny contains sprintf(\"%d documents, first from %s\", [count(input), input[0].path]) if true\n"
	for _, e := range compileTeam(t, Conftest{}, nil, team("policy/combine.rego", src)) {
		results, err := e.Evaluate(context.Background(), v, Run{})
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != 1 || results[0].Message != "3 documents, first from a.yaml" {
			t.Errorf("%s: %+v", e.Evaluator(), results)
		}
	}
}

// conftest's --data: YAML and JSON files, directories recursively, merged
// by OPA's loader; policies read them at the root of data.
func TestConftestLoadData(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("exclusions/services.yaml", "services:\n  ports:\n  - 22\n  - 21\n")
	write("exclusions/nested/limits.json", `{"limits": {"replicas": 5}}`)
	write("exclusions/README.md", "not data")
	docs, err := LoadData([]string{filepath.Join(dir, "exclusions")})
	if err != nil {
		t.Fatal(err)
	}
	src := `package main

deny contains sprintf("port %v is excluded", [p]) if {
	some p in data.services.ports
	p == input.port
}

deny contains "too many replicas" if input.replicas > data.nested.limits.replicas
`
	for _, e := range compileTeam(t, Conftest{}, docs, team("policy/data.rego", src)) {
		var got []string
		for _, r := range evaluate(t, e, map[string]any{"port": 22, "replicas": 6}) {
			got = append(got, r.Message)
		}
		want := []string{"port 22 is excluded", "too many replicas"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", e.Evaluator(), got, want)
		}
	}
	write("clash/poddoctor.yaml", "poddoctor: {}\n")
	if _, err := LoadData([]string{filepath.Join(dir, "clash", "poddoctor.yaml")}); err == nil || !strings.Contains(err.Error(), "poddoctor") {
		t.Errorf("data under data.poddoctor: err = %v", err)
	}
	if _, err := LoadData([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Error("a missing --data path passed")
	}
}

// conftest's parse_config, parse_config_file and parse_combined_config_files,
// in a policy's unit tests as conftest verify runs them.
func TestConftestParseConfigBuiltins(t *testing.T) {
	dir := t.TempDir()
	policyDir := filepath.Join(dir, "policy")
	if err := os.MkdirAll(policyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      hostNetwork: yes\n",
		"service.yaml":    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-2\n",
		"config.json":     `{"replicas": 3}`,
		"main.tf":         "variable \"region\" {\n  default = \"eu-west-1\"\n}\n",
		"main.rego":       "package main\n\ndeny contains \"host network\" if input.spec.template.spec.hostNetwork == true\n\nviolation contains \"two services\" if count([d | some d in input; d.contents.kind == \"Service\"]) == 2\n",
		"main_test.rego": `package main

test_parse_config_yaml if {
	cfg := parse_config("yaml", "kind: Pod\nspec:\n  hostNetwork: on\n")
	cfg.spec.hostNetwork == true
}

test_parse_config_yaml_stream if {
	# A stream is an array of its documents (the declared type says object,
	# as conftest declares it).
	json.marshal(parse_config("yaml", "a: 1\n---\nb: 2\n")) == "[{\"a\":1},{\"b\":2}]"
}

test_parse_config_json if {
	parse_config("json", "{\"a\": [1, 2]}") == {"a": [1, 2]}
}

test_parse_config_file if {
	cfg := parse_config_file("deployment.yaml")
	deny["host network"] with input as cfg
}

test_parse_config_file_json if {
	parse_config_file("config.json").replicas == 3
}

# HCL2 as conftest reads Terraform: blocks become nested objects of lists.
test_parse_config_hcl2 if {
	cfg := parse_config("hcl2", "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n")
	cfg.resource.aws_s3_bucket.b[0].acl == "private"
}

test_parse_config_file_hcl2 if {
	parse_config_file("main.tf").variable.region[0].default == "eu-west-1"
}

test_parse_combined_config_files if {
	cfg := parse_combined_config_files(["service.yaml", "deployment.yaml"])
	[d.path | some d in cfg] == [concat("/", [dir, "deployment.yaml"]), concat("/", [dir, "service.yaml"]), concat("/", [dir, "service.yaml"])]
	violation["two services"] with input as cfg
}
`,
	}
	for name, content := range files {
		content = strings.ReplaceAll(content, "[dir,", "[\""+filepath.ToSlash(policyDir)+"\",")
		if err := os.WriteFile(filepath.Join(policyDir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "outside.yaml"), []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	modules, err := policy.LoadDir(policyDir)
	if err != nil {
		t.Fatal(err)
	}
	results, err := RunTests(context.Background(), modules, TestOptions{Builtins: builtin.All(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 8 {
		t.Fatalf("ran %d tests, want 8", len(results))
	}
	for _, r := range results {
		if !r.Pass {
			t.Errorf("%s: %s", r.Name, r.Failure)
		}
	}

	// Errors: a parser poddoctor does not have, a file outside the
	// policy's directory.
	bad := map[string]string{
		"toml parser":  `x := parse_config("toml", "a = 1")`,
		"outside file": `x := parse_config_file("../outside.yaml")`,
		"toml file":    `x := parse_config_file("x.toml")`,
	}
	wants := map[string]string{"toml parser": `parser "toml" is not supported`, "outside file": "outside", "toml file": "YAML, JSON and HCL2 (.tf) files only"}
	if err := os.WriteFile(filepath.Join(policyDir, "x.toml"), []byte("a = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range bad {
		t.Run(name, func(t *testing.T) {
			src := "package main\n\ndeny contains \"x\" if {\n\t" + body + "\n\tx\n}\n"
			for _, e := range compileTeam(t, Conftest{}, nil, team(filepath.Join(policyDir, "bad.rego"), src)) {
				v, _ := ToValue(map[string]any{})
				_, err := e.Evaluate(context.Background(), v, Run{})
				if err == nil || !strings.Contains(err.Error(), wants[name]) {
					t.Errorf("%s: err = %v, want %q", e.Evaluator(), err, wants[name])
				}
			}
		})
	}
}
