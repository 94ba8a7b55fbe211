package eval

import (
	"context"
	"reflect"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/policy"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestReadResultIsDecodeResult reads result triples of every shape both
// as Rego values (the IR interpreter's way) and through their JSON (the
// topdown way): where readResult accepts one, it must read the same.
func TestReadResultIsDecodeResult(t *testing.T) {
	e, err := Compile(context.Background(), Config{Engine: "lint", Modules: []policy.Module{{File: "u.rego", Source: "package u\n\ndeny contains \"x\" if false\n", User: true}}})
	if err != nil {
		t.Fatal(err)
	}
	values := []string{
		`"a message"`, `""`, `"  "`, `42`, `null`, `["a"]`, `{"message": "x"}`, `{"msg": 1}`, `{"msg": ""}`,
		`{"msg": "m"}`,
		`{"msg": "m", "path": "spec.x", "container": "c", "rule": "r", "remedy": "do", "severity": "high"}`,
		`{"msg": "m", "path": 1, "container": null, "rule": "", "remedy": "", "severity": ""}`,
		`{"msg": "m", "severity": "nonsense"}`,
		`{"msg": "m", "evidence": ["a", 1, "b", null, ["c"]]}`,
		`{"msg": "m", "evidence": {"z", "a", 3, "m"}}`,
		`{"msg": "m", "evidence": "single"}`,
		`{"msg": "m", "evidence": []}`,
		`{"msg": "m", "fix": {"path": "spec.a", "value": "1"}}`,
		`{"msg": "m", "fix": {"path": "spec.a", "value": 1}}`,
		`{"msg": "m", "fix": {"path": "", "value": "1"}}`,
		`{"msg": "m", "fix": {"value": "1"}}`,
		`{"msg": "m", "fix": "spec.a"}`,
		`{"msg": "m", 1: "one", ["msg"]: "no", true: "t"}`,
		`{"msg": "m", "extra": {"nested": {1, 2}}}`,
	}
	for _, pkg := range []string{`"u"`, `"unknown.pkg"`, `1`} {
		for _, set := range []string{`"deny"`, `"findings"`, `"warn"`, `null`} {
			for _, val := range values {
				triple := ast.MustParseTerm("[" + pkg + ", " + set + ", " + val + "]").Value
				r, ok := e.readResult(triple)
				if !ok {
					continue
				}
				x, err := ast.JSON(triple)
				if err != nil {
					t.Fatal(err)
				}
				want, err := e.decodeResult(x)
				if err != nil {
					t.Errorf("%v: readResult accepted what decodeResult rejects: %v", triple, err)
					continue
				}
				if !reflect.DeepEqual(r, want) {
					t.Errorf("%v:\nread    %+v\ndecoded %+v", triple, r, want)
				}
			}
		}
	}
	for _, bad := range []string{`[1, 2]`, `{"a": 1}`, `["u", "deny", 42]`, `["u", "deny", {"msg": "m", "fix": {"path": ""}}]`} {
		if _, ok := e.readResult(ast.MustParseTerm(bad).Value); ok {
			t.Errorf("readResult accepted %s", bad)
		}
	}
}

// TestVMSharedEmptyValuesStayEmpty evaluates the lint testdata and checks
// that no evaluation added to the empty object and set that MakeObject
// and MakeSet share.
func TestVMSharedEmptyValuesStayEmpty(t *testing.T) {
	TestVMMatchesTopdownOnLintTestdata(t)
	if vmEmptyObject.Len() != 0 || vmEmptySet.Len() != 0 {
		t.Fatalf("shared empty values were modified: %v %v", vmEmptyObject, vmEmptySet)
	}
}
