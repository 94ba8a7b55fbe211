package eval

import (
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
)

// directBuiltin answers a call of a standard built-in without OPA's calling
// convention (an error wrapper around the function, a callback for its
// answer): the type tests, comparisons, count, membership and object.get
// are most of a lint evaluation's built-in calls and cost less than that
// convention. It returns false for arguments it leaves to OPA's own
// function, which then answers or fails with OPA's error; where it
// answers, the answer is the one OPA's function gives
// (TestDirectBuiltinsMatchOPA compares them on every kind of value).
type directBuiltin func(args []*ast.Term) (*ast.Term, bool)

// directBuiltins are the standard built-ins answered directly, by name.
var directBuiltins = map[string]directBuiltin{
	ast.IsObject.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.Object)
		return ast.InternedTerm(ok), true
	},
	ast.IsArray.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(*ast.Array)
		return ast.InternedTerm(ok), true
	},
	ast.IsString.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.String)
		return ast.InternedTerm(ok), true
	},
	ast.IsNumber.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.Number)
		return ast.InternedTerm(ok), true
	},
	ast.IsBoolean.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.Boolean)
		return ast.InternedTerm(ok), true
	},
	ast.IsNull.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.Null)
		return ast.InternedTerm(ok), true
	},
	ast.IsSet.Name: func(a []*ast.Term) (*ast.Term, bool) {
		_, ok := a[0].Value.(ast.Set)
		return ast.InternedTerm(ok), true
	},
	ast.Equal.Name:    func(a []*ast.Term) (*ast.Term, bool) { return ast.InternedTerm(a[0].Equal(a[1])), true },
	ast.NotEqual.Name: func(a []*ast.Term) (*ast.Term, bool) { return ast.InternedTerm(!a[0].Equal(a[1])), true },
	ast.GreaterThan.Name: func(a []*ast.Term) (*ast.Term, bool) {
		return ast.InternedTerm(a[0].Value.Compare(a[1].Value) > 0), true
	},
	ast.GreaterThanEq.Name: func(a []*ast.Term) (*ast.Term, bool) {
		return ast.InternedTerm(a[0].Value.Compare(a[1].Value) >= 0), true
	},
	ast.LessThan.Name: func(a []*ast.Term) (*ast.Term, bool) {
		return ast.InternedTerm(a[0].Value.Compare(a[1].Value) < 0), true
	},
	ast.LessThanEq.Name: func(a []*ast.Term) (*ast.Term, bool) {
		return ast.InternedTerm(a[0].Value.Compare(a[1].Value) <= 0), true
	},
	ast.Count.Name:     directCount,
	ast.Member.Name:    directMember,
	ast.ObjectGet.Name: directObjectGet,
}

// directCount is count: a string counts its runes (OPA converts it to
// []rune, which counts an invalid byte as one rune, as RuneCountInString
// does); a value that has no count is left to OPA's error.
func directCount(a []*ast.Term) (*ast.Term, bool) {
	switch v := a[0].Value.(type) {
	case *ast.Array:
		return ast.InternedTerm(v.Len()), true
	case ast.Object:
		return ast.InternedTerm(v.Len()), true
	case ast.Set:
		return ast.InternedTerm(v.Len()), true
	case ast.String:
		return ast.InternedTerm(utf8.RuneCountInString(string(v))), true
	}
	return nil, false
}

// directMember is internal.member_2, the `x in collection` of Rego: a
// set by its elements, an array and an object by their values.
func directMember(a []*ast.Term) (*ast.Term, bool) {
	x := a[0]
	switch c := a[1].Value.(type) {
	case ast.Set:
		return ast.InternedTerm(c.Contains(x)), true
	case *ast.Array:
		return ast.InternedTerm(c.Until(x.Equal)), true
	case ast.Object:
		return ast.InternedTerm(c.Until(func(_, v *ast.Term) bool { return x.Equal(v) })), true
	}
	return ast.InternedTerm(false), true
}

// directObjectGet is object.get(object, key or path, default); an operand
// that is not an object is left to OPA's error.
func directObjectGet(a []*ast.Term) (*ast.Term, bool) {
	obj, ok := a[0].Value.(ast.Object)
	if !ok {
		return nil, false
	}
	path, def := a[1], a[2]
	arr, ok := path.Value.(*ast.Array)
	if !ok {
		if v := obj.Get(path); v != nil {
			return v, true
		}
		return def, true
	}
	cur := a[0]
	for i := range arr.Len() {
		if cur = cur.Get(arr.Elem(i)); cur == nil {
			return def, true
		}
	}
	return cur, true
}
