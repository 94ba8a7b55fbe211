package eval

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// TestDirectBuiltinsMatchOPA calls each directly answered built-in and
// OPA's own function with every combination of a set of values of each
// kind: wherever the direct answer is given, it must be OPA's answer.
func TestDirectBuiltinsMatchOPA(t *testing.T) {
	values := []string{
		`null`, `true`, `false`, `0`, `1`, `1.0`, `2`, `-3.5`, `1e3`, `1000`,
		`""`, `"a"`, `"b"`, `"é"`, `"name"`, `"1"`, `"Ab-c"`, `"ÉTÉ"`, `"^[a-z]+$"`, `"a|b"`, `"("`,
		`[]`, `[1]`, `[1.0, "a"]`, `["name"]`, `["a", "b"]`, `["a", 0]`, `[[1]]`,
		`{}`, `{"name": "x"}`, `{"a": {"b": 1}}`, `{"a": [5, 6]}`, `{"1": "one", 1: "num"}`, `{"a": {"b": {"c": null}}}`,
		`set()`, `{1, 2}`, `{"a"}`, `{[1]}`,
	}
	terms := make([]*ast.Term, 0, len(values)+1)
	for _, v := range values {
		terms = append(terms, ast.MustParseTerm(v))
	}
	// A string that is not valid UTF-8: count counts its bytes as runes.
	terms = append(terms, ast.StringTerm("a\xffb"))

	for name, direct := range directBuiltins {
		decl := ast.BuiltinMap[name]
		fn := topdown.GetBuiltin(name)
		if decl == nil || fn == nil {
			t.Fatalf("%s: not a standard built-in", name)
		}
		arity := len(decl.Decl.FuncArgs().Args)
		answered := 0
		args := make([]*ast.Term, arity)
		var each func(i int)
		each = func(i int) {
			if i < arity {
				for _, v := range terms {
					args[i] = v
					each(i + 1)
				}
				return
			}
			got, ok := direct(args)
			if !ok {
				return
			}
			answered++
			var want *ast.Term
			err := fn(topdown.BuiltinContext{}, args, func(r *ast.Term) error { want = r; return nil })
			if err != nil {
				t.Errorf("%s%v: direct answer %v, OPA fails: %v", name, args, got, err)
				return
			}
			if want == nil || got == nil || !got.Equal(want) {
				t.Errorf("%s%v = %v, OPA gives %v", name, args, got, want)
			}
		}
		each(0)
		if answered == 0 {
			t.Errorf("%s: no call answered directly", name)
		}
	}
}

// TestDirectBuiltinsLeaveErrorsToOPA checks that a call OPA refuses is
// not answered directly, so that the error and its wording stay OPA's.
func TestDirectBuiltinsLeaveErrorsToOPA(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{ast.Count.Name, []string{`1`}},
		{ast.Count.Name, []string{`null`}},
		{ast.ObjectGet.Name, []string{`[1]`, `0`, `null`}},
		{ast.ObjectGet.Name, []string{`"s"`, `"a"`, `null`}},
		{ast.RegexMatch.Name, []string{`"("`, `"a"`}},
		{ast.RegexMatch.Name, []string{`"a"`, `1`}},
		{ast.Contains.Name, []string{`["a"]`, `"a"`}},
		{ast.StartsWith.Name, []string{`"a"`, `null`}},
		{ast.Upper.Name, []string{`1`}},
	} {
		args := make([]*ast.Term, len(tc.args))
		for i, a := range tc.args {
			args[i] = ast.MustParseTerm(a)
		}
		if got, ok := directBuiltins[tc.name](args); ok {
			t.Errorf("%s%v answered directly with %v, want OPA's error", tc.name, args, got)
		}
		if err := topdown.GetBuiltin(tc.name)(topdown.BuiltinContext{}, args, func(*ast.Term) error { return nil }); err == nil {
			t.Errorf("%s%v: OPA does not fail; the test's case is wrong", tc.name, args)
		}
	}
}

// TestDirectSprintfMatchesOPA formats the verbs rules use, and some it
// leaves to OPA, over every kind of argument, directly and with OPA.
func TestDirectSprintfMatchesOPA(t *testing.T) {
	formats := []string{
		"", "plain", "%s", "%d", "%q", "%v", "%%", "100%% %s", "%s.%s[%d]", "%s[%q]",
		"label %s has the invalid value %q (at most 63 characters)", "%s %s", "%d %v %q",
		"%5d", "%x", "%-s", "%", "trailing %", "%+q", "%#v", "%.2f", "%t",
	}
	values := []*ast.Term{
		ast.StringTerm(""), ast.StringTerm("nginx:1.27"), ast.StringTerm(`say "hi"` + "\n\t é \x01"), ast.StringTerm("a\xffb"),
		ast.MustParseTerm(`0`), ast.MustParseTerm(`7`), ast.MustParseTerm(`-12`), ast.MustParseTerm(`-0`),
		ast.NumberTerm("1.0"), ast.NumberTerm("1e3"), ast.NumberTerm("2.5"), ast.NumberTerm("123456789012345678"),
		ast.NumberTerm("1234567890123456789"), ast.NumberTerm("12345678901234567890123"),
		ast.MustParseTerm(`true`), ast.MustParseTerm(`null`), ast.MustParseTerm(`[1, "a"]`),
		ast.MustParseTerm(`{"b": 1, "a": [true]}`), ast.MustParseTerm(`{"x", 1}`),
	}
	var argLists [][]*ast.Term
	argLists = append(argLists, nil)
	for _, v := range values {
		argLists = append(argLists, []*ast.Term{v})
		for _, w := range values {
			argLists = append(argLists, []*ast.Term{v, w}, []*ast.Term{v, w, ast.MustParseTerm(`3`)})
		}
	}
	opa := topdown.GetBuiltin(ast.Sprintf.Name)
	answered := 0
	for _, f := range formats {
		for _, list := range argLists {
			args := []*ast.Term{ast.StringTerm(f), ast.ArrayTerm(list...)}
			got, ok := directSprintf(args)
			if !ok {
				continue
			}
			answered++
			var want *ast.Term
			if err := opa(topdown.BuiltinContext{}, args, func(r *ast.Term) error { want = r; return nil }); err != nil {
				t.Fatalf("sprintf%v: OPA fails: %v", args, err)
			}
			if !got.Equal(want) {
				t.Errorf("sprintf%v = %v, OPA gives %v", args, got, want)
			}
		}
	}
	if answered < 300 {
		t.Errorf("only %d calls answered directly", answered)
	}
}
