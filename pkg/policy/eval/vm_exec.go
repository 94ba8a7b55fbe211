package eval

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/topdown"
	opabuiltins "github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// Status codes of running a block. A value >= 0 is a break: the block was
// left, and that many more enclosing blocks are to be left too (a failing
// statement breaks with 0: it leaves its own block).
const (
	stNext   = -1 // the block ran to its end
	stReturn = -2 // ReturnLocal: vm.ret holds the value
	stError  = -3 // vm.err holds the error
)

// checkEvery is how many loop iterations and calls run between two looks at
// the context: often enough to stop a runaway policy within milliseconds,
// rarely enough to cost nothing measurable.
const checkEvery = 256

var errVMCancelled = &topdown.Error{Code: topdown.CancelErr, Message: "caller cancelled query execution"}

// errStopIter ends an object iteration from inside its callback.
var errStopIter = errors.New("stop iteration")

type vmEvalOptions struct {
	cancel topdown.Cancel
	strict bool
	time   time.Time
	seed   io.Reader
	// inputs are the Run.Inputs handed to injected built-ins.
	inputs any
	// limit, when set, is the evaluation's time budget; the caller reads
	// it afterwards to tell a budget that ran out from other errors.
	limit *timeLimit
}

// vm is the state of one evaluation. vms are pooled per program and reused.
type vm struct {
	p         *vmProgram
	stack     []*ast.Term
	sp        int
	memo      []*ast.Term
	memoSet   []bool
	withDepth int
	// kind is the input's kind, when it is a string (hasKind).
	kind    string
	hasKind bool
	ret     *ast.Term
	err     error
	// builtinErr is the first error of a built-in, kept in strict mode.
	builtinErr error
	results    ast.Set
	steps      uint32
	cancel     ctxCancel
	strict     bool
	bctx       topdown.BuiltinContext
	// metadata carries Run.Inputs to the built-ins; kept across
	// evaluations so that an evaluation allocates no map.
	metadata map[string]any
	argbuf   []*ast.Term
	keybuf   []byte
	bres     *ast.Term
	relation bool
	rel      []*ast.Term
	iter     func(*ast.Term) error
	// scans are the object scans under way; scanPair is
	// m.scanObjectPair as a func value, made once.
	scans    []objectScan
	scanPair func(k, v *ast.Term) error
}

func (p *vmProgram) getVM() *vm {
	if m, ok := p.pool.Get().(*vm); ok {
		return m
	}
	m := &vm{
		p:       p,
		stack:   make([]*ast.Term, 256),
		memo:    make([]*ast.Term, len(p.funcs)),
		memoSet: make([]bool, len(p.funcs)),
		argbuf:  make([]*ast.Term, 0, 8),
	}
	m.scanPair = m.scanObjectPair
	m.iter = func(t *ast.Term) error {
		if m.relation {
			m.rel = append(m.rel, t)
		} else {
			m.bres = t
		}
		return nil
	}
	return m
}

// eval runs the plan once and returns its result set: a set of objects
// binding the query's variables. With strict built-in errors, a failing
// built-in's error comes back with the results found nonetheless, as
// topdown's query runner returns them.
func (p *vmProgram) eval(ctx context.Context, input ast.Value, o vmEvalOptions) (ast.Value, error) {
	m := p.getVM()
	m.cancel = ctxCancel{ctx: ctx, external: o.cancel}
	if o.limit != nil {
		m.cancel.limit = *o.limit
	}
	m.strict = o.strict
	m.bctx = topdown.BuiltinContext{Context: ctx, Cancel: &m.cancel, Seed: o.seed}
	if o.inputs != nil {
		if m.metadata == nil {
			m.metadata = make(map[string]any, 1)
		}
		m.metadata[runInputsKey] = o.inputs
		m.bctx.RequestMetadata = m.metadata
	}
	if p.usesTime {
		now := o.time
		if now.IsZero() {
			now = time.Now()
		}
		m.bctx.Time = ast.NumberTerm(json.Number(strconv.FormatInt(now.UnixNano(), 10)))
		if m.bctx.Seed == nil {
			m.bctx.Seed = rand.Reader
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, errVMCancelled
	}
	m.kind, m.hasKind = inputKind(input)
	m.results = ast.NewSet()
	fr := m.push(p.plan.nlocals)
	if input != nil {
		fr[ir.Input] = ast.NewTerm(input)
	}
	fr[ir.Data] = p.data
	var err error
	for _, b := range p.plan.blocks {
		if m.run(fr, b) == stError {
			err = m.err
			break
		}
	}
	m.pop(fr)
	results := m.results
	if m.builtinErr != nil {
		// topdown reports the first built-in error in strict mode even
		// when a later statement failed otherwise.
		err = m.builtinErr
	}
	if o.limit != nil {
		*o.limit = m.cancel.limit // grown or not, for the caller's message
	}
	m.reset()
	p.pool.Put(m)
	return results, err
}

// reset drops what one evaluation left, so that the vm holds no values of
// it while pooled.
func (m *vm) reset() {
	clear(m.memo)
	clear(m.memoSet)
	clear(m.rel)
	m.rel = m.rel[:0]
	m.kind, m.hasKind = "", false
	m.withDepth, m.ret, m.err, m.builtinErr, m.results, m.bres, m.steps = 0, nil, nil, nil, nil, nil, 0
	m.bctx = topdown.BuiltinContext{}
	clear(m.metadata)
	m.cancel = ctxCancel{}
	clear(m.scans)
	m.scans = m.scans[:0]
}

// push returns a frame of n undefined locals.
func (m *vm) push(n int) []*ast.Term {
	sp := m.sp
	if sp+n > len(m.stack) {
		// Frames below keep their slices of the old array.
		m.stack = make([]*ast.Term, max(2*len(m.stack), sp+n+64))
	}
	m.sp = sp + n
	return m.stack[sp : sp+n : sp+n]
}

func (m *vm) pop(fr []*ast.Term) {
	clear(fr)
	m.sp -= len(fr)
}

// tick counts a step and, every checkEvery steps, checks for cancellation.
func (m *vm) tick() bool {
	m.steps++
	if m.steps%checkEvery != 0 {
		return false
	}
	if m.cancel.Cancelled() {
		m.err = errVMCancelled
		return true
	}
	return false
}

func get(fr, consts []*ast.Term, o operand) *ast.Term {
	if o >= 0 {
		return fr[o]
	}
	return consts[^o]
}

// run executes one block with the frame fr and returns its status.
func (m *vm) run(fr []*ast.Term, blk vmBlock) int {
	consts := m.p.consts
	for i := range blk {
		in := &blk[i]
		switch in.op {
		case opNop:
		case opAssignVar:
			fr[in.t] = get(fr, consts, in.a)
		case opMakeConst, opAssignInt:
			fr[in.t] = consts[^in.a]
		case opDot, opDotData:
			src, key := get(fr, consts, in.a), get(fr, consts, in.b)
			if src == nil || key == nil {
				return 0
			}
			var r *ast.Term
			switch v := src.Value.(type) {
			case ast.Object:
				r = v.Get(key)
			case *ast.Array:
				r = v.Get(key)
			case ast.Set:
				if v.Contains(key) {
					r = key
				}
			}
			if r == nil && in.op == opDotData {
				r = storagePathLookup(src.Value, key)
			}
			if r == nil {
				return 0
			}
			fr[in.t] = r
		case opEqual:
			a, b := get(fr, consts, in.a), get(fr, consts, in.b)
			if a == nil || b == nil || !vmEqual(a, b) {
				return 0
			}
		case opNotEqual:
			a, b := get(fr, consts, in.a), get(fr, consts, in.b)
			if a == nil || b == nil || vmEqual(a, b) {
				return 0
			}
		case opIsDefined:
			if fr[in.a] == nil {
				return 0
			}
		case opIsUndefined:
			if fr[in.a] != nil {
				return 0
			}
		case opResetLocal:
			fr[in.t] = nil
		case opIsArray, opIsObject, opIsSet:
			if t := get(fr, consts, in.a); t == nil || !isKind(in.op, t.Value) {
				return 0
			}
		case opBlock:
			for _, b := range in.blocks {
				s := m.run(fr, b)
				if s == stNext || s == 0 {
					continue
				}
				if s < 0 {
					return s
				}
				return s - 1
			}
		case opBreak:
			return int(in.n)
		case opCall:
			r, s := m.call(in.fn, fr, in.args)
			if s != stNext {
				return s
			}
			if r == nil {
				return 0
			}
			fr[in.t] = r
		case opCallBuiltin:
			if s := m.callBuiltin(in, fr); s != stNext {
				return s
			}
		case opCallDynamic:
			if s := m.callDynamic(in, fr); s != stNext {
				return s
			}
		case opScan:
			if s := m.scan(in, fr); s != stNext {
				return s
			}
		case opNot:
			s := m.run(fr, in.blocks[0])
			switch {
			case s == stNext:
				return 0
			case s == 0:
			case s < 0:
				return s
			default:
				return s - 1
			}
		case opReturnLocal:
			m.ret = fr[in.a]
			return stReturn
		case opAssignVarOnce:
			src := get(fr, consts, in.a)
			cur := fr[in.t]
			if cur == nil {
				fr[in.t] = src
			} else if src != nil && !vmEqual(cur, src) {
				m.err = vmConflict(in.fn, in.loc)
				return stError
			}
		case opLen:
			t := get(fr, consts, in.a)
			if t == nil {
				return 0
			}
			fr[in.t] = ast.InternedTerm(vmLen(t.Value))
		case opMakeArray:
			fr[in.t] = ast.NewTerm(ast.NewArrayWithCapacity(int(in.n)))
		case opArrayLit:
			elems := make([]*ast.Term, len(in.args))
			for j, a := range in.args {
				if elems[j] = get(fr, consts, a); elems[j] == nil {
					return 0
				}
			}
			fr[in.t] = ast.NewTerm(ast.NewArray(elems...))
		case opMakeObject:
			fr[in.t] = ast.NewTerm(vmEmptyObject)
		case opMakeSet:
			fr[in.t] = ast.NewTerm(vmEmptySet)
		case opArrayAppend:
			t, v := fr[in.t], get(fr, consts, in.a)
			if t == nil || v == nil {
				return 0
			}
			arr, ok := t.Value.(*ast.Array)
			if !ok {
				return 0
			}
			t.Value = arr.Append(v)
		case opObjectInsert:
			t, k, v := fr[in.t], get(fr, consts, in.a), get(fr, consts, in.b)
			if t == nil || k == nil || v == nil {
				return 0
			}
			obj, ok := writableObject(t)
			if !ok {
				return 0
			}
			obj.Insert(k, v)
		case opObjectInsertOnce:
			t, k, v := fr[in.t], get(fr, consts, in.a), get(fr, consts, in.b)
			if t == nil || k == nil || v == nil {
				return 0
			}
			obj, ok := writableObject(t)
			if !ok {
				return 0
			}
			if old := obj.Get(k); old != nil {
				if !vmEqual(old, v) {
					m.err = &topdown.Error{Code: topdown.ConflictErr, Location: in.loc, Message: "object keys must be unique"}
					return stError
				}
				continue
			}
			obj.Insert(k, v)
		case opObjectMerge:
			fr[in.t] = vmMerge(fr[in.a], fr[in.b])
		case opSetAdd:
			t, v := fr[in.t], get(fr, consts, in.a)
			if t == nil || v == nil {
				return 0
			}
			set, ok := t.Value.(ast.Set)
			if !ok {
				return 0
			}
			if set == vmEmptySet {
				set = ast.NewSet()
				t.Value = set
			}
			set.Add(v)
		case opResultSetAdd:
			if t := fr[in.a]; t != nil {
				m.results.Add(t)
			}
		case opWith:
			saved := fr[in.t]
			val := get(fr, consts, in.a)
			if len(in.path) > 0 {
				val = vmUpsert(saved, in.path, consts, val)
			}
			fr[in.t] = val
			m.withDepth++
			s := m.run(fr, in.blocks[0])
			m.withDepth--
			fr[in.t] = saved
			switch {
			case s == stNext:
			case s == 0:
				return 0
			case s < 0:
				return s
			default:
				return s - 1
			}
		default:
			m.err = errors.New("policy evaluation: illegal instruction")
			return stError
		}
	}
	return stNext
}

// call runs a planned function; a nil result is undefined.
func (m *vm) call(fn *vmFunc, fr []*ast.Term, args []operand) (*ast.Term, int) {
	memo := fn.memo && m.withDepth == 0
	if memo && m.memoSet[fn.index] {
		return m.memo[fn.index], stNext
	}
	if fn.kinds != nil && m.withDepth == 0 && (!m.hasKind || !fn.kinds[m.kind]) {
		// The rule cannot match this kind of input (kindAnalysis): its
		// set is empty. Under `with`, input may be another document.
		return vmEmptySetTerm, stNext
	}
	constant := fn.constant && m.withDepth == 0
	if constant {
		if v := m.p.constants[fn.index].Load(); v != nil {
			return v.term, stNext
		}
	}
	if m.tick() {
		return nil, stError
	}
	builtinErr := m.builtinErr
	consts := m.p.consts
	nf := m.push(fn.nlocals)
	for i, a := range args {
		nf[fn.params[i]] = get(fr, consts, a)
	}
	var ret *ast.Term
	st := stNext
	for _, b := range fn.blocks {
		s := m.run(nf, b)
		if s == stReturn {
			ret, m.ret = m.ret, nil
			break
		}
		if s == stError {
			st = stError
			break
		}
	}
	m.pop(nf)
	if memo && st == stNext {
		m.memo[fn.index], m.memoSet[fn.index] = ret, true
	}
	if constant && st == stNext && builtinErr == nil && m.builtinErr == nil {
		// Kept only when no built-in failed in it: a failure must be
		// reported by every evaluation.
		m.p.constants[fn.index].Store(&constantValue{term: ret})
	}
	return ret, st
}

func (m *vm) callDynamic(in *vmInstr, fr []*ast.Term) int {
	consts := m.p.consts
	key := m.keybuf[:0]
	for i, o := range in.path {
		t := get(fr, consts, o)
		if t == nil {
			return 0
		}
		s, ok := t.Value.(ast.String)
		if !ok {
			return 0 // not in the function tree: the caller reads data
		}
		if i > 0 {
			key = append(key, 0)
		}
		key = append(key, s...)
	}
	m.keybuf = key
	fn := m.p.dynamic[string(key)]
	if fn == nil || len(fn.params) != len(in.args) {
		return 0
	}
	r, s := m.call(fn, fr, in.args)
	if s != stNext {
		return s
	}
	if r == nil {
		// The function exists and is undefined: so is the whole reference
		// (the planner wraps this statement in three more blocks).
		return 3
	}
	fr[in.t] = r
	return stNext
}

func (m *vm) callBuiltin(in *vmInstr, fr []*ast.Term) int {
	b := in.bi
	consts := m.p.consts
	n := len(in.args)
	if cap(m.argbuf) < n {
		m.argbuf = make([]*ast.Term, n)
	}
	args := m.argbuf[:n]
	for i, a := range in.args {
		t := get(fr, consts, a)
		if t == nil {
			clear(args[:i])
			return 0
		}
		args[i] = t
	}
	if b.direct != nil {
		if r, ok := b.direct(args); ok {
			clear(args)
			fr[in.t] = r
			return stNext
		}
	}
	m.bres = nil
	m.relation = b.relation
	m.bctx.Location = in.loc
	if m.bctx.Cache == nil {
		// Built-ins keep per-evaluation state here (net.lookup_ip_addr,
		// the regex and glob caches), as topdown gives them one cache
		// per query.
		m.bctx.Cache = opabuiltins.Cache{}
	}
	err := b.fn(m.bctx, args, m.iter)
	clear(args)
	if err != nil {
		return m.builtinError(b, in, err)
	}
	switch {
	case b.relation:
		elems := make([]*ast.Term, len(m.rel))
		copy(elems, m.rel)
		clear(m.rel)
		m.rel = m.rel[:0]
		fr[in.t] = ast.ArrayTerm(elems...)
	case b.void:
	case m.bres == nil:
		return 0
	default:
		fr[in.t] = m.bres
		m.bres = nil
	}
	return stNext
}

func (m *vm) builtinError(b *vmBuiltin, in *vmInstr, err error) int {
	var halt topdown.Halt
	if errors.As(err, &halt) {
		m.err = halt.Err
		return stError
	}
	// As in topdown, a failing built-in is undefined and the evaluation
	// goes on; with strict built-in errors the first one is the outcome
	// of the whole evaluation (eval returns it with the results).
	if m.strict && m.builtinErr == nil {
		var terr *topdown.Error
		if !errors.As(err, &terr) {
			err = (&topdown.Error{Code: topdown.BuiltinErr, Message: b.name + ": " + err.Error(), Location: in.loc}).Wrap(err)
		}
		m.builtinErr = err
	}
	return 0
}

// scan runs the body of a Scan statement once per element of the source.
func (m *vm) scan(in *vmInstr, fr []*ast.Term) int {
	src := fr[in.t]
	if src == nil {
		return stNext
	}
	body := in.blocks[0]
	// after maps the status of one run of the body to the scan's: continue
	// (stNext), or leave with the returned status.
	switch v := src.Value.(type) {
	case *ast.Array:
		for i := 0; i < v.Len(); i++ {
			fr[in.k], fr[in.v] = ast.InternedTerm(i), v.Elem(i)
			if s := m.run(fr, body); s != stNext && s != 0 {
				return scanExit(s)
			}
			if m.tick() {
				return stError
			}
		}
	case ast.Set:
		for _, e := range v.Slice() {
			fr[in.k], fr[in.v] = e, e
			if s := m.run(fr, body); s != stNext && s != 0 {
				return scanExit(s)
			}
			if m.tick() {
				return stError
			}
		}
	case ast.Object:
		// The callback is the vm's own (scanPair, made once), not a
		// closure made here, which each object scan would allocate.
		m.scans = append(m.scans, objectScan{fr: fr, in: in, status: stNext})
		_ = v.Iter(m.scanPair)
		last := len(m.scans) - 1
		status := m.scans[last].status
		m.scans[last] = objectScan{}
		m.scans = m.scans[:last]
		return status
	}
	return stNext
}

// objectScan is a Scan over an object under way: its frame, its
// instruction and its status so far. Scans nest; the innermost is last.
type objectScan struct {
	fr     []*ast.Term
	in     *vmInstr
	status int
}

// scanObjectPair runs the body of the innermost object scan for one pair. Scans
// started by the body end before it returns, so the innermost one is
// still at the same index afterwards.
func (m *vm) scanObjectPair(k, val *ast.Term) error {
	i := len(m.scans) - 1
	fr, in := m.scans[i].fr, m.scans[i].in
	fr[in.k], fr[in.v] = k, val
	if s := m.run(fr, in.blocks[0]); s != stNext && s != 0 {
		m.scans[i].status = scanExit(s)
		return errStopIter
	}
	if m.tick() {
		m.scans[i].status = stError
		return errStopIter
	}
	return nil
}

// inputKind is input.kind as Rego reads it, when it is a string.
func inputKind(input ast.Value) (string, bool) {
	obj, ok := input.(ast.Object)
	if !ok {
		return "", false
	}
	t := obj.Get(ast.InternedTerm("kind"))
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

// scanExit maps a break out of a scan body: the body is level 0 (the next
// iteration), the scan itself level 1 (continue after the scan).
func scanExit(s int) int {
	switch {
	case s < 0:
		return s
	case s == 1:
		return stNext
	default:
		return s - 2
	}
}

// vmEqual is Rego equality: numbers by value (1 == 1.0), collections by
// their elements.
func vmEqual(a, b *ast.Term) bool {
	if a == b {
		return true
	}
	switch x := a.Value.(type) {
	case ast.String:
		y, ok := b.Value.(ast.String)
		return ok && x == y
	case ast.Boolean:
		y, ok := b.Value.(ast.Boolean)
		return ok && x == y
	}
	return a.Value.Compare(b.Value) == 0
}

// storagePathLookup looks key up in a base document as OPA's store does,
// where a reference into data is a path of strings: a number key finds the
// object key that is its text (data.x[2] reads {"2": ...}) and a string key
// that is an integer indexes an array.
func storagePathLookup(doc ast.Value, key *ast.Term) *ast.Term {
	switch v := doc.(type) {
	case ast.Object:
		if n, ok := key.Value.(ast.Number); ok {
			return v.Get(ast.StringTerm(n.String()))
		}
	case *ast.Array:
		if s, ok := key.Value.(ast.String); ok {
			if i, err := strconv.Atoi(string(s)); err == nil && i >= 0 && i < v.Len() {
				return v.Elem(i)
			}
		}
	}
	return nil
}

// isKind reports whether v is the collection an IsArray, IsObject or IsSet
// instruction asks for.
func isKind(op vmOp, v ast.Value) bool {
	var ok bool
	switch op {
	case opIsArray:
		_, ok = v.(*ast.Array)
	case opIsObject:
		_, ok = v.(ast.Object)
	case opIsSet:
		_, ok = v.(ast.Set)
	}
	return ok
}

func vmLen(v ast.Value) int {
	switch x := v.(type) {
	case *ast.Array:
		return x.Len()
	case ast.Object:
		return x.Len()
	case ast.Set:
		return x.Len()
	case ast.String:
		return len(x)
	}
	return 0
}

// writableObject is the object held by t, ready for an insert: the shared
// empty object MakeObject made is replaced by a new one of t's own first.
// ok is false when t holds no object.
func writableObject(t *ast.Term) (ast.Object, bool) {
	obj, ok := t.Value.(ast.Object)
	if ok && obj == vmEmptyObject {
		obj = ast.NewObject()
		t.Value = obj
	}
	return obj, ok
}

// vmEmptyObject and vmEmptySet are what MakeObject and MakeSet make: most
// objects and sets a plan makes stay empty (a partial rule that finds
// nothing), so the first insertion creates the real one, which replaces
// the shared empty value in its term, as ArrayAppend replaces arrays.
// They are never modified.
var (
	vmEmptyObject = ast.NewObject()
	vmEmptySet    = ast.NewSet()
	// vmEmptySetTerm is the value of a partial set rule skipped by the
	// dispatch by kind: like every call result (memoized ones are shared
	// too), it is read, never modified.
	vmEmptySetTerm = ast.NewTerm(vmEmptySet)
)

// vmMerge merges a base document a with a virtual one b: objects key by
// key, a's value winning where they are not both objects.
func vmMerge(a, b *ast.Term) *ast.Term {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	ao, ok1 := a.Value.(ast.Object)
	bo, ok2 := b.Value.(ast.Object)
	if !ok1 || !ok2 {
		return a
	}
	out := ast.NewObjectWithCapacity(ao.Len() + bo.Len())
	ao.Foreach(func(k, v *ast.Term) {
		if other := bo.Get(k); other != nil {
			out.Insert(k, vmMerge(v, other))
		} else {
			out.Insert(k, v)
		}
	})
	bo.Foreach(func(k, v *ast.Term) {
		if ao.Get(k) == nil {
			out.Insert(k, v)
		}
	})
	return ast.NewTerm(out)
}

// vmUpsert returns a copy of doc with value at path, copying the objects on
// the way (With statements replace a part of input or data).
func vmUpsert(doc *ast.Term, path []operand, consts []*ast.Term, value *ast.Term) *ast.Term {
	var root ast.Object
	if doc != nil {
		if obj, ok := doc.Value.(ast.Object); ok {
			root = shallowCopy(obj)
		}
	}
	if root == nil {
		root = ast.NewObject()
	}
	cur := root
	for _, o := range path[:len(path)-1] {
		key := consts[^o]
		var next ast.Object
		if child := cur.Get(key); child != nil {
			if obj, ok := child.Value.(ast.Object); ok {
				next = shallowCopy(obj)
			}
		}
		if next == nil {
			next = ast.NewObject()
		}
		cur.Insert(key, ast.NewTerm(next))
		cur = next
	}
	cur.Insert(consts[^path[len(path)-1]], value)
	return ast.NewTerm(root)
}

func shallowCopy(obj ast.Object) ast.Object {
	out := ast.NewObjectWithCapacity(obj.Len())
	obj.Foreach(func(k, v *ast.Term) { out.Insert(k, v) })
	return out
}
