package eval

import (
	"strconv"
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

// directSprintf is sprintf for the formats rules write to build messages
// and paths: %s, %v, %q and %d without flags or widths, over strings,
// integers and other values, with as many arguments as verbs. OPA hands
// the arguments to fmt.Sprintf as Go values (a string as itself, an
// integer as int64, anything else but a number as its Rego text); this
// writes what fmt writes for those, without boxing each argument. Any
// other format, a float or a big number, or a verb fmt would print as an
// error (%d of a string) is left to OPA.
func directSprintf(a []*ast.Term) (*ast.Term, bool) {
	format, ok := a[0].Value.(ast.String)
	if !ok {
		return nil, false
	}
	args, ok := a[1].Value.(*ast.Array)
	if !ok {
		return nil, false
	}
	out := make([]byte, 0, len(format)+16*args.Len())
	next := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			out = append(out, c)
			continue
		}
		i++
		if i == len(format) {
			return nil, false
		}
		verb := format[i]
		if verb == '%' {
			out = append(out, '%')
			continue
		}
		if next >= args.Len() {
			return nil, false
		}
		var done bool
		out, done = appendFormatted(out, verb, args.Elem(next).Value)
		if !done {
			return nil, false
		}
		next++
	}
	if next != args.Len() {
		return nil, false
	}
	return ast.InternedTerm(string(out)), true
}

// appendFormatted appends v formatted with one verb as OPA's sprintf
// formats it, and false where it leaves the call to OPA.
func appendFormatted(out []byte, verb byte, v ast.Value) ([]byte, bool) {
	var text string
	switch x := v.(type) {
	case ast.Number:
		n, ok := plainInteger(string(x))
		if !ok || (verb != 'd' && verb != 'v') {
			return out, false
		}
		return strconv.AppendInt(out, n, 10), true
	case ast.String:
		text = string(x)
	default:
		text = v.String()
	}
	switch verb {
	case 's', 'v':
		return append(out, text...), true
	case 'q':
		return strconv.AppendQuote(out, text), true
	}
	return out, false
}

// plainInteger reads a number written as an optional minus and at most 18
// digits, which OPA's sprintf passes to fmt as that int64.
func plainInteger(s string) (int64, bool) {
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
