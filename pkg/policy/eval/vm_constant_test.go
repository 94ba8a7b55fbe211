package eval

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// TestConstantRules checks which rules the interpreter keeps across
// evaluations: those whose value cannot depend on the input.
func TestConstantRules(t *testing.T) {
	src := `package main

table := {"a": [1, 2]}
first := table.a[0]
name := input.name
copied := name
clock := time.now_ns()
inc(x) := x + 1
via_pure_function := inc(first)
reads_input(x) := input.n + x
via_impure_function := reads_input(1)
via_custom_builtin := poddoctor.quantity.parse("1Gi")
params := object.get(data.poddoctor.params, "x", {})
deny contains sprintf("%v", [[first, copied, clock > 0, via_pure_function, via_impure_function, via_custom_builtin.valid, params]]) if true
`
	cfg := lintConfig()
	cfg.Engine = "diagnose" // lint policies may not read the clock
	cfg.Modules = []policy.Module{{File: "team.rego", Source: src, User: true}}
	e, err := Compile(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var constant []string
	for _, fn := range e.vm.funcs {
		if fn.constant {
			constant = append(constant, strings.TrimPrefix(fn.path, "data.main."))
		}
	}
	sort.Strings(constant)
	if want := []string{"first", "params", "table", "via_pure_function"}; !slices.Equal(constant, want) {
		t.Errorf("constant rules %v, want %v", constant, want)
	}
}

// TestConstantRulesAcrossEvaluations evaluates policies with constant
// rules many times, on different inputs, against topdown: a kept value
// must be the value; a built-in that fails in a constant rule fails every
// evaluation; `with` replacing what a constant rule reads is obeyed.
func TestConstantRulesAcrossEvaluations(t *testing.T) {
	src := `package main

limits := {"a": 1, "b": 2}
bad := to_number("not a number")
p := object.get(data.poddoctor.params, "x", 0)
deny contains sprintf("%s over %v", [k, limits[k]]) if {
	some k, v in input.values
	v > limits[k]
}
deny contains "bad" if { input.bad; bad > 0 }
deny contains sprintf("with %v", [v]) if v := limits.a with data.main.limits as {"a": input.n}
deny contains sprintf("param %v", [v]) if v := p with data.poddoctor.params.x as input.n
deny contains sprintf("param %v", [p]) if true
`
	vm, td := compileBoth(t, Config{Engine: "lint", Modules: []policy.Module{{File: "team.rego", Source: src, User: true}}})
	inputs := []string{
		`{"values": {"a": 5, "b": 1}, "n": 1}`,
		`{"values": {"a": 0, "b": 3}, "n": 2}`,
		`{"bad": true, "n": 3}`,
		`{"values": {"b": 9}, "n": 4}`,
		`{"bad": true, "n": 5}`,
	}
	for round := 0; round < 3; round++ {
		for _, in := range inputs {
			input := ast.MustParseTerm(in).Value
			got, gotErr := vm.Evaluate(context.Background(), input, Run{})
			want, wantErr := td.Evaluate(context.Background(), input, Run{})
			if (gotErr != nil) != (wantErr != nil) {
				t.Fatalf("%s: vm error %v, topdown error %v", in, gotErr, wantErr)
			}
			if strings.Contains(in, "bad") && gotErr == nil {
				t.Errorf("%s: the failing constant rule gave no error", in)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: results differ\nvm:      %+v\ntopdown: %+v", in, got, want)
			}
		}
	}
}
