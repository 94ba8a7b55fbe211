package eval

import (
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Dispatch by kind. A Service runs none of the rules about pod specs, yet
// evaluating one partial set rule on an input it cannot match still costs
// its whole body up to the first failing test. The compiled policies say,
// for most rules, which kinds of input they can match: a body holds only
// if every expression in it holds, so a body that compares input.kind with
// a string, or looks input.kind up in a constant table (the workload
// kinds of rules/lib), or reads a rule that can only be defined for some
// kinds (k8s.containers), can only hold for those kinds. kindAnalysis
// derives that set, conservatively: anything it does not understand means
// "every kind". The interpreter then answers a result set rule whose set
// excludes the input's kind with the empty set, without running it
// (vm.call), which is what running it would give.
//
// What is sound to read as a guard, and what is not:
//   - an expression that is negated, has `with`, or is `every` guards
//     nothing (it can hold when what it reads is undefined);
//   - comprehensions guard nothing (an empty comprehension is defined);
//   - a reference to a complete rule or a function guards with the kinds
//     for which that rule can be defined (a default makes it every kind);
//   - a reference to a partial set or object guards only when it looks
//     inside it (data.x.set[_], some v in data.x.set): the set itself is
//     defined, and empty, for every other kind;
//   - an else branch or a second definition adds its kinds (union).

// kindSet is a set of input kinds, or every kind (all).
type kindSet struct {
	all   bool
	kinds map[string]bool
}

var everyKind = kindSet{all: true}

func kindsOf(names ...string) kindSet {
	k := kindSet{kinds: make(map[string]bool, len(names))}
	for _, n := range names {
		k.kinds[n] = true
	}
	return k
}

func (a kindSet) intersect(b kindSet) kindSet {
	switch {
	case a.all:
		return b
	case b.all:
		return a
	}
	out := kindSet{kinds: map[string]bool{}}
	for k := range a.kinds {
		if b.kinds[k] {
			out.kinds[k] = true
		}
	}
	return out
}

func (a kindSet) union(b kindSet) kindSet {
	if a.all || b.all {
		return everyKind
	}
	out := kindSet{kinds: make(map[string]bool, len(a.kinds)+len(b.kinds))}
	for k := range a.kinds {
		out.kinds[k] = true
	}
	for k := range b.kinds {
		out.kinds[k] = true
	}
	return out
}

// sorted lists the kinds of a finite set (for tests and messages).
func (a kindSet) sorted() []string {
	out := make([]string, 0, len(a.kinds))
	for k := range a.kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// kindAnalysis derives kind sets from compiled modules: references are
// resolved to data.<package>.<rule> and expressions flattened, so each
// body is a list of calls and unifications.
type kindAnalysis struct {
	byPath map[string][]*ast.Rule
	bodies map[*ast.Rule]kindSet
	active map[*ast.Rule]bool
}

func newKindAnalysis(modules map[string]*ast.Module) *kindAnalysis {
	a := &kindAnalysis{byPath: map[string][]*ast.Rule{}, bodies: map[*ast.Rule]kindSet{}, active: map[*ast.Rule]bool{}}
	for _, m := range modules {
		for _, r := range m.Rules {
			key := r.Path().String()
			a.byPath[key] = append(a.byPath[key], r)
		}
	}
	return a
}

// resultSetKinds is the set of kinds for which the result set rule at
// path (data.pkg.findings) can have a result; nil when it is not a
// partial set defined by rules alone (a complete rule, a ref head with
// variables), which the interpreter then always runs.
func (a *kindAnalysis) resultSetKinds(path string) map[string]bool {
	rules := a.byPath[path]
	if len(rules) == 0 {
		return nil
	}
	k := kindSet{kinds: map[string]bool{}}
	for _, r := range rules {
		if r.Head.RuleKind() != ast.MultiValue || !r.Head.Ref().IsGround() || r.Default || r.Else != nil {
			return nil
		}
		k = k.union(a.bodyKinds(r))
	}
	if k.all {
		return nil
	}
	return k.kinds
}

// bodyKinds is the set of kinds for which the body of r can hold.
func (a *kindAnalysis) bodyKinds(r *ast.Rule) kindSet {
	if k, ok := a.bodies[r]; ok {
		return k
	}
	if a.active[r] {
		return everyKind // a cycle (Rego forbids them): know nothing
	}
	a.active[r] = true
	k := a.body(r.Body)
	delete(a.active, r)
	a.bodies[r] = k
	return k
}

// body is the intersection of the guards of a body's expressions.
func (a *kindAnalysis) body(body ast.Body) kindSet {
	aliases := map[ast.Var]bool{}
	for _, e := range body {
		if !plainExpr(e) || !e.IsEquality() {
			continue
		}
		l, r := e.Operand(0), e.Operand(1)
		if v, ok := l.Value.(ast.Var); ok && isInputKind(r) {
			aliases[v] = true
		}
		if v, ok := r.Value.(ast.Var); ok && isInputKind(l) {
			aliases[v] = true
		}
	}
	isKind := func(t *ast.Term) bool {
		if v, ok := t.Value.(ast.Var); ok {
			return aliases[v]
		}
		return isInputKind(t)
	}
	k := everyKind
	for _, e := range body {
		if !plainExpr(e) {
			continue
		}
		switch terms := e.Terms.(type) {
		case *ast.Term:
			k = k.intersect(a.term(terms, isKind))
		case []*ast.Term:
			k = k.intersect(a.call(e, isKind))
		}
	}
	return k
}

// plainExpr reports whether an expression must hold, with the real input,
// for its body to hold.
func plainExpr(e *ast.Expr) bool {
	if e.Negated || len(e.With) > 0 {
		return false
	}
	switch e.Terms.(type) {
	case *ast.Term, []*ast.Term:
		return true
	}
	return false // every, some declarations
}

func isInputKind(t *ast.Term) bool {
	ref, ok := t.Value.(ast.Ref)
	return ok && len(ref) == 2 && ref[0].Equal(ast.InputRootDocument) && ref[1].Equal(ast.StringTerm("kind"))
}

// call is the guard of one call expression: its comparisons of the kind
// with constants, the function it calls, and every reference among its
// operands.
func (a *kindAnalysis) call(e *ast.Expr, isKind func(*ast.Term) bool) kindSet {
	k := everyKind
	ops := e.Operands()
	switch e.Operator().String() {
	case ast.Equality.Name, ast.Equal.Name:
		if len(ops) == 2 {
			k = k.intersect(compared(ops[0], ops[1], isKind)).intersect(compared(ops[1], ops[0], isKind))
		}
	case ast.Member.Name:
		if len(ops) == 2 && isKind(ops[0]) {
			k = k.intersect(constantStrings(ops[1]))
		}
	}
	if op := e.Operator(); op.HasPrefix(ast.DefaultRootRef) {
		k = k.intersect(a.ref(op, isKind))
	}
	for _, t := range ops {
		k = k.intersect(a.term(t, isKind))
	}
	return k
}

// compared is the guard of kind == constant: that one kind.
func compared(x, y *ast.Term, isKind func(*ast.Term) bool) kindSet {
	if s, ok := y.Value.(ast.String); ok && isKind(x) {
		return kindsOf(string(s))
	}
	return everyKind
}

// constantStrings is the set of strings of a constant set or array, or
// every kind if it holds anything else.
func constantStrings(t *ast.Term) kindSet {
	var elems []*ast.Term
	switch v := t.Value.(type) {
	case ast.Set:
		elems = v.Slice()
	case *ast.Array:
		for i := 0; i < v.Len(); i++ {
			elems = append(elems, v.Elem(i))
		}
	default:
		return everyKind
	}
	k := kindSet{kinds: map[string]bool{}}
	for _, e := range elems {
		s, ok := e.Value.(ast.String)
		if !ok {
			return everyKind
		}
		k.kinds[string(s)] = true
	}
	return k
}

// term is the guard of the references in a term that must be defined for
// it to be: not those inside comprehensions.
func (a *kindAnalysis) term(t *ast.Term, isKind func(*ast.Term) bool) kindSet {
	switch v := t.Value.(type) {
	case ast.Ref:
		k := a.ref(v, isKind)
		for _, p := range v[1:] {
			k = k.intersect(a.term(p, isKind))
		}
		return k
	case *ast.Array:
		k := everyKind
		for i := 0; i < v.Len(); i++ {
			k = k.intersect(a.term(v.Elem(i), isKind))
		}
		return k
	case ast.Object:
		k := everyKind
		v.Foreach(func(key, val *ast.Term) {
			k = k.intersect(a.term(key, isKind)).intersect(a.term(val, isKind))
		})
		return k
	case ast.Set:
		k := everyKind
		v.Foreach(func(e *ast.Term) { k = k.intersect(a.term(e, isKind)) })
		return k
	case ast.Call:
		k := everyKind
		if op, ok := v[0].Value.(ast.Ref); ok && op.HasPrefix(ast.DefaultRootRef) {
			k = a.ref(op, isKind)
		}
		for _, arg := range v[1:] {
			k = k.intersect(a.term(arg, isKind))
		}
		return k
	}
	return everyKind
}

// ref is the guard of a reference into data: the kinds for which the rule
// it reads can give it a value.
func (a *kindAnalysis) ref(ref ast.Ref, isKind func(*ast.Term) bool) kindSet {
	if !ref.HasPrefix(ast.DefaultRootRef) {
		return everyKind
	}
	ground := ref.GroundPrefix()
	var rules []*ast.Rule
	n := 0
	for i := len(ground); i >= 2; i-- {
		if rs := a.byPath[ground[:i].String()]; len(rs) > 0 {
			if rules != nil {
				return everyKind // rules at two levels of one path: know nothing
			}
			rules, n = rs, i
		}
	}
	if rules == nil {
		return everyKind // base data, or a package rather than a rule
	}
	rest := ref[n:]
	k := kindSet{kinds: map[string]bool{}}
	for _, r := range rules {
		single := r.Head.RuleKind() == ast.SingleValue && r.Head.Ref().IsGround()
		switch {
		case r.Default:
			k = k.union(constantLookup(r.Head.Value, rest, isKind))
		case !single:
			if len(rest) == 0 {
				return everyKind // an empty set or object is defined
			}
			k = k.union(a.bodyKinds(r))
		default:
			for link := r; link != nil; link = link.Else {
				if len(rest) > 0 && link.Head.Value != nil && link.Head.Value.IsGround() {
					k = k.union(constantLookup(link.Head.Value, rest, isKind).intersect(a.bodyKinds(link)))
				} else {
					k = k.union(a.bodyKinds(link))
				}
			}
		}
		if k.all {
			return k
		}
	}
	return k
}

// constantLookup is the set of kinds for which looking rest up in a
// constant value can be defined: a key that is the input's kind is one of
// the object's keys; a missing constant key is undefined for every kind.
func constantLookup(t *ast.Term, rest ast.Ref, isKind func(*ast.Term) bool) kindSet {
	if len(rest) == 0 {
		return everyKind
	}
	key := rest[0]
	switch {
	case isKind(key):
		obj, ok := t.Value.(ast.Object)
		if !ok {
			return everyKind
		}
		k := kindSet{kinds: map[string]bool{}}
		for _, name := range obj.Keys() {
			s, ok := name.Value.(ast.String)
			if !ok {
				return everyKind
			}
			if sub := constantLookup(obj.Get(name), rest[1:], isKind); sub.all || len(sub.kinds) > 0 {
				k.kinds[string(s)] = true
			}
		}
		return k
	case key.IsGround():
		child, err := t.Value.Find(ast.Ref{key})
		if err != nil || child == nil {
			return kindSet{kinds: map[string]bool{}}
		}
		return constantLookup(ast.NewTerm(child), rest[1:], isKind)
	}
	// A variable key: any element.
	k := kindSet{kinds: map[string]bool{}}
	each := func(child *ast.Term) {
		k = k.union(constantLookup(child, rest[1:], isKind))
	}
	switch v := t.Value.(type) {
	case ast.Object:
		v.Foreach(func(_, val *ast.Term) { each(val) })
	case *ast.Array:
		for i := 0; i < v.Len(); i++ {
			each(v.Elem(i))
		}
	case ast.Set:
		v.Foreach(each)
	}
	return k
}

// dispatchKinds is, for every collected result set whose rules can only
// match some kinds of input, those kinds, by the rule's path
// (data.pkg.findings): what the interpreter's compiler marks its
// functions with.
func dispatchKinds(modules map[string]*ast.Module, sources map[string]source) map[string]map[string]bool {
	a := newKindAnalysis(modules)
	out := map[string]map[string]bool{}
	for pkg, src := range sources {
		for set := range src.defaults {
			path := "data." + pkg + "." + set
			if kinds := a.resultSetKinds(path); kinds != nil {
				out[path] = kinds
			}
		}
	}
	return out
}
