package eval

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/policy/builtin"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/imageref"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// compileBoth compiles the same configuration for the IR interpreter and
// for topdown, and checks the first really uses the interpreter.
func compileBoth(t *testing.T, cfg Config) (vm, td *Engine) {
	t.Helper()
	vmCfg, tdCfg := cfg, cfg
	vmCfg.Evaluator, tdCfg.Evaluator = EvaluatorVM, EvaluatorTopdown
	vm, err := Compile(context.Background(), vmCfg)
	if err != nil {
		t.Fatal(err)
	}
	if vm.Evaluator() != EvaluatorVM {
		t.Fatalf("the IR interpreter fell back to topdown: %v", vm.fallback)
	}
	td, err = Compile(context.Background(), tdCfg)
	if err != nil {
		t.Fatal(err)
	}
	if td.Evaluator() != EvaluatorTopdown {
		t.Fatal("topdown engine does not use topdown")
	}
	return vm, td
}

// sameEvaluation evaluates input with both engines and reports any
// difference in results or in failing.
func sameEvaluation(t *testing.T, ctx context.Context, vm, td *Engine, input ast.Value, label string) []Result {
	t.Helper()
	got, gotErr := vm.Evaluate(ctx, input, Run{})
	want, wantErr := td.Evaluate(ctx, input, Run{})
	if (gotErr != nil) != (wantErr != nil) {
		t.Errorf("%s: vm error %v, topdown error %v", label, gotErr, wantErr)
		return want
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: results differ\nvm:      %+v\ntopdown: %+v", label, got, want)
	}
	return want
}

func lintConfig() Config {
	modules, err := policy.Builtins("lint")
	if err != nil {
		panic(err)
	}
	return Config{Engine: "lint", Modules: modules, Builtins: builtin.All(imageref.NewSuggester())}
}

// TestVMMatchesTopdownOnLintTestdata evaluates every object of every file
// under testdata/lint with both evaluators.
func TestVMMatchesTopdownOnLintTestdata(t *testing.T) {
	vm, td := compileBoth(t, lintConfig())
	files, _ := filepath.Glob("../../../testdata/lint/*.yaml")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	n, findings := 0, 0
	for _, file := range files {
		objects, _, err := manifest.ReadFile(file, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objects {
			input, err := ToValue(o.Data)
			if err != nil {
				t.Fatal(err)
			}
			n++
			findings += len(sameEvaluation(t, context.Background(), vm, td, input, fmt.Sprintf("%s %s/%s", filepath.Base(file), o.Kind, o.Name)))
		}
	}
	t.Logf("%d objects, %d results", n, findings)
	if findings == 0 {
		t.Error("no results at all: the comparison proves nothing")
	}
}

// TestVMMatchesTopdownOnCorpus evaluates the objects of generated corpora
// of both mixes with both evaluators.
func TestVMMatchesTopdownOnCorpus(t *testing.T) {
	vm, td := compileBoth(t, lintConfig())
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 300, Mix: mix})
		n, findings := 0, 0
		for _, f := range files {
			objects, _ := manifest.Parse(f.Path, f.Data)
			for _, o := range objects {
				input, err := ToValue(o.Data)
				if err != nil {
					t.Fatal(err)
				}
				n++
				findings += len(sameEvaluation(t, context.Background(), vm, td, input, fmt.Sprintf("%s %s %s/%s", mix, f.Path, o.Kind, o.Name)))
			}
		}
		t.Logf("%s: %d objects, %d results", mix, n, findings)
		if n < 200 || findings == 0 {
			t.Errorf("%s: %d objects, %d results: too few to compare", mix, n, findings)
		}
	}
}

// vmCase is a small team policy evaluated with both evaluators.
type vmCase struct {
	name   string
	source string
	input  string
	want   []string // messages, sorted; nil with wantErr
	err    string   // substring of the error, "" for none
}

// TestVMStatementSemantics covers the semantics an IR interpreter easily
// gets wrong. Each case runs on both evaluators, which must agree with
// each other and with the expected messages.
func TestVMStatementSemantics(t *testing.T) {
	tests := []vmCase{
		{name: "undefined propagates", source: `deny contains "x" if input.a.b.c == 1`, input: `{"a": {"b": 2}}`},
		{name: "undefined in function argument", source: "f(x) := x\ndeny contains \"x\" if f(input.missing)", input: `{}`},
		{name: "false is not undefined", source: "deny contains \"x\" if not input.flag\ndeny contains \"y\" if input.flag == false", input: `{"flag": false}`, want: []string{"x", "y"}},
		{name: "not of undefined", source: `deny contains "x" if not input.missing`, input: `{}`, want: []string{"x"}},
		{name: "not of defined", source: `deny contains "x" if not input.a`, input: `{"a": 1}`},
		{name: "else chain", source: "v := \"a\" if input.x == 1\nelse := \"b\" if input.x == 2\nelse := \"c\"\ndeny contains v if true", input: `{"x": 2}`, want: []string{"b"}},
		{name: "else falls to last", source: "v := \"a\" if input.x == 1\nelse := \"b\" if input.x == 2\nelse := \"c\"\ndeny contains v if true", input: `{"x": 3}`, want: []string{"c"}},
		{name: "default", source: "default v := \"d\"\nv := \"a\" if input.x\ndeny contains v if true", input: `{}`, want: []string{"d"}},
		{name: "default overridden", source: "default v := \"d\"\nv := \"a\" if input.x\ndeny contains v if true", input: `{"x": true}`, want: []string{"a"}},
		{name: "every holds", source: `deny contains "x" if every c in input.cs { c > 1 }`, input: `{"cs": [2, 3]}`, want: []string{"x"}},
		{name: "every fails", source: `deny contains "x" if every c in input.cs { c > 1 }`, input: `{"cs": [2, 1]}`},
		{name: "every over empty", source: `deny contains "x" if every c in input.cs { c > 1 }`, input: `{"cs": []}`, want: []string{"x"}},
		{name: "every over undefined", source: `deny contains "x" if every c in input.missing { c > 1 }`, input: `{}`},
		{name: "number equality", source: `deny contains "x" if input.a == 1.0`, input: `{"a": 1}`, want: []string{"x"}},
		{name: "set equality", source: `deny contains "x" if {x | some x in input.a} == {3, 1, 2}`, input: `{"a": [1, 2, 3, 2]}`, want: []string{"x"}},
		{name: "object equality", source: `deny contains "x" if input.a == {"q": [1, {"r": 2.0}], "p": null}`, input: `{"a": {"p": null, "q": [1.0, {"r": 2}]}}`, want: []string{"x"}},
		{name: "ordering", source: `deny contains sprintf("%v", [[x | some x in input.s]]) if true`, input: `{"s": {"b": 2, "a": 1, "c": [3]}}`, want: []string{"[1, 2, [3]]"}},
		{name: "set iteration order", source: `deny contains sprintf("%v", [[x | some x in {y | some y in input.s}]]) if true`, input: `{"s": ["b", "a", "c", "a"]}`, want: []string{`["a", "b", "c"]`}},
		{name: "comprehensions", source: "deny contains sprintf(\"%v %v %v\", [a, s, o]) if {\n a := [y | some x in input.n; x > 1; y := x * 2]\n s := {x | some x in input.n}\n o := {k: v | some k, v in input.m}\n}", input: `{"n": [1, 2, 3, 2], "m": {"a": 1}}`, want: []string{`[4, 6, 4] {1, 2, 3} {"a": 1}`}},
		{name: "partial set rule", source: "s contains x if some x in input.a\ns contains \"z\" if true\ndeny contains sprintf(\"%v\", [s]) if true", input: `{"a": ["b", "a"]}`, want: []string{`{"a", "b", "z"}`}},
		{name: "partial object rule", source: "o[k] := v if some k, v in input.m\ndeny contains sprintf(\"%v\", [o]) if true", input: `{"m": {"b": 2, "a": 1}}`, want: []string{`{"a": 1, "b": 2}`}},
		{name: "functions with several bodies", source: "f(x) := \"neg\" if x < 0\nf(x) := \"pos\" if x > 0\ndeny contains f(x) if some x in input.n", input: `{"n": [-1, 0, 2]}`, want: []string{"neg", "pos"}},
		{name: "function conflict", source: "f(x) := 1 if x > 0\nf(x) := 2 if x > 1\ndeny contains sprintf(\"%v\", [f(input.n)]) if true", input: `{"n": 5}`, err: "eval_conflict_error"},
		{name: "complete rule conflict", source: "v := 1 if input.a\nv := 2 if input.b\ndeny contains sprintf(\"%v\", [v]) if true", input: `{"a": true, "b": true}`, err: "eval_conflict_error"},
		{name: "complete rule same value twice", source: "v := 1 if input.a\nv := 1.0 if input.b\ndeny contains sprintf(\"%v\", [v]) if true", input: `{"a": true, "b": true}`, want: []string{"1"}},
		{name: "object key conflict", source: "deny contains sprintf(\"%v\", [o]) if o := {k: v | some v in input.a; k := \"same\"}", input: `{"a": [1, 2]}`, err: "object keys must be unique"},
		{name: "partial object conflict", source: "o[k] := v if { some v in input.a; k := \"same\" }\ndeny contains sprintf(\"%v\", [o]) if true", input: `{"a": [1, 2]}`, err: "eval_conflict_error"},
		{name: "builtin error", source: `deny contains "x" if to_number(input.a) > 1`, input: `{"a": "zz"}`, err: "to_number"},
		{name: "builtin error inside not", source: `deny contains "x" if not to_number(input.a) > 1`, input: `{"a": "zz"}`, err: "to_number"},
		{name: "with input", source: "name := input.name\ndeny contains n if n := name with input.name as \"mock\"\ndeny contains name if true", input: `{"name": "real"}`, want: []string{"mock", "real"}},
		{name: "with nested input", source: "g := input.a.b\ndeny contains sprintf(\"%v %v\", [g, input.a]) if g == 2 with input.a.b as 2\ndeny contains sprintf(\"%v\", [g]) if true", input: `{"a": {"b": 1, "c": 3}}`, want: []string{"1", `1 {"b": 1, "c": 3}`}},
		{name: "with data", source: "p := data.poddoctor.params.x\ndeny contains sprintf(\"%v\", [v]) if v := p with data.poddoctor.params.x as 9", input: `{}`, want: []string{"9"}},
		{name: "walk", source: `deny contains sprintf("%v", [count([p | walk(input, [p, _])])]) if true`, input: `{"a": [1, {"b": 2}]}`, want: []string{"5"}},
		{name: "data params", source: `deny contains sprintf("%v", [object.keys(data.poddoctor.params)]) if true`, input: `{}`, want: []string{"set()"}},
		{name: "dynamic data ref", source: "sub.r1 := \"one\"\nsub.r2 := \"two\"\ndeny contains data.main.sub[k] if some k in input.ks", input: `{"ks": ["r1", "r2", "r3"]}`, want: []string{"one", "two"}},
		{name: "strings and numbers", source: "deny contains msg if {\n some c in input.c\n startswith(c.image, \"ng\")\n msg := sprintf(\"%s:%d:%v\", [c.name, count(c.ports), c.ports[0] + 0.5])\n}", input: `{"c": [{"name": "a", "image": "nginx", "ports": [80, 81]}, {"name": "b", "image": "x", "ports": [1]}]}`, want: []string{"a:2:80.5"}},
		{name: "in and object.get", source: "deny contains \"in\" if \"b\" in input.l\ndeny contains \"k\" if \"x\" in object.keys(input.o)\ndeny contains object.get(input.o, \"y\", \"dflt\") if true", input: `{"l": ["a", "b"], "o": {"x": 1}}`, want: []string{"dflt", "in", "k"}},
		{name: "array unification", source: `deny contains sprintf("%v-%v", [a, b]) if [a, b] := input.p`, input: `{"p": [1, 2]}`, want: []string{"1-2"}},
		{name: "array unification length mismatch", source: `deny contains sprintf("%v-%v", [a, b]) if [a, b] := input.p`, input: `{"p": [1, 2, 3]}`},
		{name: "object unification", source: `deny contains sprintf("%v", [x]) if {"k": x} = input.o`, input: `{"o": {"k": 5}}`, want: []string{"5"}},
		{name: "constant array literals in a loop", source: "deny contains sprintf(\"%v %v\", [i, a]) if {\n some i in input.n\n a := [\"k\", 1, [true]]\n object.get({\"x\": {\"y\": i}}, [\"x\", \"y\"], 0) == i\n}", input: `{"n": [1, 2]}`, want: []string{`1 ["k", 1, [true]]`, `2 ["k", 1, [true]]`}},
		{name: "constant array literal beside a built array", source: "deny contains sprintf(\"%v\", [[a, b]]) if {\n a := [\"c\", \"d\"]\n b := [x | some x in input.n]\n}", input: `{"n": [3]}`, want: []string{`[["c", "d"], [3]]`}},
		{name: "result objects", source: `deny contains {"msg": "m", "path": "a.b", "evidence": ["e"]} if true`, input: `{}`, want: []string{"m"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package main\n\n" + tt.source + "\n"
			vm, td := compileBoth(t, Config{Engine: "lint", Modules: []policy.Module{{File: "team.rego", Source: src, User: true}}})
			input := ast.MustParseTerm(tt.input).Value
			got, gotErr := vm.Evaluate(context.Background(), input, Run{})
			want, wantErr := td.Evaluate(context.Background(), input, Run{})
			if (gotErr != nil) != (wantErr != nil) {
				t.Fatalf("vm error %v, topdown error %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("results differ\nvm:      %+v\ntopdown: %+v", got, want)
			}
			if tt.err != "" {
				for name, err := range map[string]error{"vm": gotErr, "topdown": wantErr} {
					if err == nil || !strings.Contains(err.Error(), tt.err) {
						t.Errorf("%s error = %v, want one containing %q", name, err, tt.err)
					}
				}
				return
			}
			if gotErr != nil {
				t.Fatalf("unexpected error: %v", gotErr)
			}
			var msgs []string
			for _, r := range got {
				msgs = append(msgs, r.Message)
			}
			if !reflect.DeepEqual(msgs, tt.want) {
				t.Errorf("messages = %q, want %q", msgs, tt.want)
			}
		})
	}
}

// TestVMCancellation stops an endless policy on the engine's time budget
// and on a cancelled caller context.
func TestVMCancellation(t *testing.T) {
	sources := map[string]string{
		"in a built-in": "deny contains msg if {\n  n := count([x | some x in numbers.range(1, 100000000)])\n  msg := sprintf(\"%d\", [n])\n}\n",
		"in a loop":     "deny contains msg if {\n  xs := [x | some x in input.xs]\n  n := count([1 | some a in xs; some b in xs; some c in xs; a+b+c > 1000000])\n  msg := sprintf(\"%d\", [n])\n}\n",
	}
	xs := make([]any, 400)
	for i := range xs {
		xs[i] = i
	}
	input, _ := ToValue(map[string]any{"xs": xs})
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			e, err := Compile(context.Background(), Config{Engine: "lint", Timeout: 30 * time.Millisecond, Modules: []policy.Module{{File: "slow.rego", Source: "package slow\n\n" + src, User: true}}, Conftest: Conftest{Namespaces: []string{"slow"}}})
			if err != nil {
				t.Fatal(err)
			}
			if e.Evaluator() != EvaluatorVM {
				t.Fatalf("fell back to topdown: %v", e.fallback)
			}
			start := time.Now()
			_, err = e.Evaluate(context.Background(), input, Run{})
			if err == nil || !strings.Contains(err.Error(), "took longer than 30ms") {
				t.Fatalf("error = %v, want the time budget error", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("stopped after %s", d)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := e.Evaluate(ctx, input, Run{}); err == nil {
				t.Error("a cancelled context evaluated to the end")
			}
		})
	}
}

// TestVMFallsBackToTopdown: a plan the interpreter does not support (here:
// a built-in it is not given) is evaluated by topdown, with the same
// results.
func TestVMFallsBackToTopdown(t *testing.T) {
	prog := &vmCompiler{prog: &vmProgram{}, builtins: map[string]*vmBuiltin{}, constIdx: map[any]operand{}}
	if _, err := prog.builtin("no.such.builtin"); err == nil {
		t.Fatal("an unknown built-in compiled")
	}
	// Simulate an unsupported plan: a policy using a built-in that the
	// interpreter refuses.
	saved := vmRefuse
	vmRefuse = map[string]bool{"sprintf": true}
	defer func() { vmRefuse = saved }()
	src := "package main\n\ndeny contains sprintf(\"%v\", [input.a]) if true\n"
	e, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "team.rego", Source: src, User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if e.Evaluator() != EvaluatorTopdown || e.fallback == nil {
		t.Fatalf("evaluator = %s (fallback %v), want topdown", e.Evaluator(), e.fallback)
	}
	results := evaluate(t, e, map[string]any{"a": 1})
	if len(results) != 1 || results[0].Message != "1" {
		t.Fatalf("results = %+v", results)
	}
	if _, err := Compile(context.Background(), Config{Engine: "lint", Evaluator: "wasm"}); err == nil {
		t.Error("an unknown evaluator compiled")
	}
}

// TestVMConcurrentEvaluations shares one engine between goroutines, as the
// linter's workers do: pooled interpreter state must not leak between
// evaluations.
func TestVMConcurrentEvaluations(t *testing.T) {
	vm, _ := compileBoth(t, lintConfig())
	files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 60, Mix: corpus.MixMixed})
	var inputs []ast.Value
	for _, f := range files {
		objects, _ := manifest.Parse(f.Path, f.Data)
		for _, o := range objects {
			v, err := ToValue(o.Data)
			if err != nil {
				t.Fatal(err)
			}
			inputs = append(inputs, v)
		}
	}
	want := make([][]Result, len(inputs))
	for i, in := range inputs {
		want[i], _ = vm.Evaluate(context.Background(), in, Run{})
	}
	errs := make(chan string, 4*len(inputs))
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func(g int) {
			defer func() { done <- struct{}{} }()
			for k := range inputs {
				i := (k + g*7) % len(inputs)
				got, err := vm.Evaluate(context.Background(), inputs[i], Run{})
				if err != nil || !reflect.DeepEqual(got, want[i]) {
					errs <- fmt.Sprintf("input %d: %v %+v", i, err, got)
				}
			}
		}(g)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
