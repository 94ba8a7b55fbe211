package eval

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// vmOp is the operation of one instruction: one IR statement type.
type vmOp uint8

const (
	opNop vmOp = iota
	opArrayAppend
	opAssignInt
	opAssignVar
	opAssignVarOnce
	opBlock
	opBreak
	opCall
	opCallBuiltin
	opCallDynamic
	opDot
	opDotData // a Dot on the base data document: keys read as OPA's store reads paths
	opEqual
	opNotEqual
	opIsArray
	opIsObject
	opIsSet
	opIsDefined
	opIsUndefined
	opLen
	opMakeArray
	opMakeConst // MakeNull, MakeNumberInt, MakeNumberRef: an immutable constant
	opMakeObject
	opMakeSet
	opNot
	opObjectInsert
	opObjectInsertOnce
	opObjectMerge
	opResetLocal
	opResultSetAdd
	opReturnLocal
	opScan
	opSetAdd
	opWith
	opArrayLit // MakeArray followed by all its ArrayAppends: one array built at once
)

// An operand is a local (>= 0) or a constant (^index into vmProgram.consts).
type operand = int32

// vmInstr is one IR statement, resolved: operands are indexes, callees are
// pointers, constants are built once.
type vmInstr struct {
	op     vmOp
	a, b   operand // sources
	t      int32   // target local (or the source local of Scan, Not...)
	k, v   int32   // Scan key and value locals
	n      int64   // Break index, AssignInt value, MakeArray capacity
	blocks []vmBlock
	args   []operand
	fn     *vmFunc
	bi     *vmBuiltin
	path   []operand // CallDynamic path, With path (constants)
	loc    *ast.Location
}

type vmBlock []vmInstr

// vmFunc is a planned function: a rule (params input and data) or a Rego
// function (more params).
type vmFunc struct {
	name    string
	path    string // data.x.y, for error messages
	index   int
	params  []int32
	ret     int32
	nlocals int
	blocks  []vmBlock
	memo    bool // only input and data: the result is memoized per evaluation
	rule    bool
	// constant: a rule that reads neither input nor an impure built-in
	// (markConstant), whose value is kept across evaluations.
	constant bool
	// kinds, when not nil, are the only input kinds for which this
	// partial set rule can have an element (kindAnalysis): for any other,
	// a call returns the empty set without running the rule.
	kinds map[string]bool
}

// vmBuiltin is a built-in function: a standard one or a custom one given
// with rego.FunctionN.
type vmBuiltin struct {
	name     string
	fn       topdown.BuiltinFunc
	relation bool // walk: the result is the array of all outputs
	void     bool // no result
	custom   bool
	// pure: the result depends on the arguments alone (a standard built-in
	// that is deterministic and reads no clock).
	pure bool
	// direct, when not nil, answers most calls without fn
	// (builtin_direct.go).
	direct directBuiltin
}

// vmProgram is a compiled plan. It is immutable and safe for concurrent
// evaluations; each evaluation takes a vm from the pool.
type vmProgram struct {
	funcs    []*vmFunc
	plan     *vmFunc
	consts   []*ast.Term
	data     *ast.Term
	dynamic  map[string]*vmFunc // CallDynamic: path joined with \x00
	usesTime bool
	// constants hold the values of constant rules, by function index, once
	// an evaluation has computed them.
	constants []atomic.Pointer[constantValue]
	pool      sync.Pool
}

// constantValue is the value of a constant rule; nil is undefined.
type constantValue struct{ term *ast.Term }

type vmCompiler struct {
	policy   *ir.Policy
	prog     *vmProgram
	funcs    map[string]*vmFunc
	custom   map[string]*topdown.Builtin
	builtins map[string]*vmBuiltin
	strings  []*ast.Term
	files    []string
	constIdx map[any]operand
	arrays   int // constant array literals made so far
	cur      *vmFunc
	// dataLocals are the locals of the function being compiled that hold
	// the data document or a part of it reached by Dot statements only.
	dataLocals map[int32]bool
}

// compileVM resolves a planned policy into a vmProgram, or returns an error
// wrapping errVMUnsupported for a plan it cannot run.
//
// kinds are the input kinds of partial set rules, by path (data.pkg.set),
// as dispatchKinds derives them.
func compileVM(policy *ir.Policy, custom map[string]*topdown.Builtin, data ast.Value, kinds map[string]map[string]bool) (*vmProgram, error) {
	c := &vmCompiler{
		policy:   policy,
		prog:     &vmProgram{data: ast.NewTerm(data), dynamic: map[string]*vmFunc{}},
		funcs:    map[string]*vmFunc{},
		custom:   custom,
		builtins: map[string]*vmBuiltin{},
		constIdx: map[any]operand{},
	}
	if policy.Plans == nil || len(policy.Plans.Plans) != 1 {
		return nil, fmt.Errorf("%w: want one plan", errVMUnsupported)
	}
	if policy.Static != nil {
		for _, s := range policy.Static.Strings {
			c.strings = append(c.strings, ast.StringTerm(s.Value))
		}
		for _, f := range policy.Static.Files {
			c.files = append(c.files, f.Value)
		}
	}
	// Declare every function first: calls may come before definitions.
	if policy.Funcs != nil {
		for i, f := range policy.Funcs.Funcs {
			fn := &vmFunc{
				name:   f.Name,
				index:  i,
				ret:    int32(f.Return),
				memo:   len(f.Params) == 2,
				rule:   len(f.Params) == 2,
				params: make([]int32, len(f.Params)),
			}
			for j, p := range f.Params {
				fn.params[j] = int32(p)
			}
			// Error messages name the rule as topdown does: data.pkg.rule.
			fn.path = f.Name
			if len(f.Path) > 1 {
				fn.path = "data." + strings.Join(f.Path[1:], ".")
			}
			if fn.rule {
				fn.kinds = kinds[fn.path]
			}
			c.funcs[f.Name] = fn
			c.prog.funcs = append(c.prog.funcs, fn)
			if len(f.Path) > 0 {
				c.prog.dynamic[strings.Join(f.Path, "\x00")] = fn
			}
		}
		for i, f := range policy.Funcs.Funcs {
			fn := c.prog.funcs[i]
			c.cur = fn
			c.dataLocals = map[int32]bool{int32(ir.Data): true}
			fn.nlocals = maxLocal(fn.ret, fn.params) + 1
			for _, b := range f.Blocks {
				vb, err := c.block(b)
				if err != nil {
					return nil, fmt.Errorf("function %s: %w", f.Name, err)
				}
				fn.blocks = append(fn.blocks, vb)
			}
			c.constantArrays(fn)
		}
	}
	plan := policy.Plans.Plans[0]
	c.cur = &vmFunc{name: plan.Name, path: plan.Name, nlocals: int(ir.Data) + 1}
	c.dataLocals = map[int32]bool{int32(ir.Data): true}
	for _, b := range plan.Blocks {
		vb, err := c.block(b)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", plan.Name, err)
		}
		c.cur.blocks = append(c.cur.blocks, vb)
	}
	c.constantArrays(c.cur)
	c.prog.plan = c.cur
	markConstant(c.prog.funcs)
	c.prog.constants = make([]atomic.Pointer[constantValue], len(c.prog.funcs))
	return c.prog, nil
}

// impureBuiltins are standard built-ins whose result is not a function of
// their arguments, beyond the nondeterministic ones OPA marks.
var impureBuiltins = map[string]bool{"internal.print": true, "print": true, "trace": true, "io.jwt.decode_verify": true, "opa.runtime": true}

// localsOf lists the locals an instruction other than a call reads or
// writes (its unused operand fields are zero, which is a local too).
func localsOf(in *vmInstr) []operand {
	switch in.op {
	case opMakeConst, opAssignInt, opResetLocal, opMakeArray, opMakeObject, opMakeSet:
		return []operand{in.t}
	case opAssignVar, opLen, opAssignVarOnce, opArrayAppend, opSetAdd:
		return []operand{in.a, in.t}
	case opDot, opDotData, opObjectInsert, opObjectInsertOnce, opObjectMerge:
		return []operand{in.a, in.b, in.t}
	case opEqual, opNotEqual:
		return []operand{in.a, in.b}
	case opIsDefined, opIsUndefined, opIsArray, opIsObject, opIsSet, opReturnLocal, opResultSetAdd:
		return []operand{in.a}
	case opScan:
		return []operand{in.t, in.k, in.v}
	case opArrayLit:
		return append([]operand{in.t}, in.args...)
	case opNop, opBlock, opBreak, opNot:
		return nil
	}
	// Anything else (a new instruction): assume it reads input.
	return []operand{0, 1, in.a, in.b, in.t, in.k, in.v}
}

// markConstant marks the rules whose value is the same on every input:
// their body (and every function they call) reads input only to hand it
// to such functions, calls only pure built-ins, and has no With or
// dynamic call. Their value depends on the base data alone, which is
// fixed for the program: kind tables, parameters, lists of names. A rule
// that reads data does not read input through it: virtual documents are
// calls, and the base data is the program's.
func markConstant(funcs []*vmFunc) {
	const (
		unknown = iota
		visiting
		free
		reads
	)
	state := make(map[*vmFunc]int, len(funcs))
	var inputFree func(fn *vmFunc) bool
	var blocksFree func(fn *vmFunc, blocks []vmBlock) bool
	inputFree = func(fn *vmFunc) bool {
		switch state[fn] {
		case free:
			return true
		case reads, visiting:
			return false
		}
		if len(fn.params) < 2 {
			state[fn] = reads
			return false
		}
		state[fn] = visiting
		ok := blocksFree(fn, fn.blocks)
		state[fn] = reads
		if ok {
			state[fn] = free
		}
		return ok
	}
	blocksFree = func(fn *vmFunc, blocks []vmBlock) bool {
		input := fn.params[0]
		readsInput := func(os ...operand) bool {
			return slices.Contains(os, input)
		}
		for _, b := range blocks {
			for i := range b {
				in := &b[i]
				switch in.op {
				case opCallDynamic, opWith:
					return false
				case opCallBuiltin:
					if !in.bi.pure || readsInput(in.args...) || in.t == input {
						return false
					}
				case opCall:
					// The first argument is the input the callee reads.
					if !inputFree(in.fn) || len(in.args) == 0 || readsInput(in.args[1:]...) || in.t == input {
						return false
					}
				default:
					if readsInput(localsOf(in)...) {
						return false
					}
				}
				if !blocksFree(fn, in.blocks) {
					return false
				}
			}
		}
		return true
	}
	for _, fn := range funcs {
		fn.constant = fn.rule && inputFree(fn)
	}
}

func maxLocal(l int32, ls []int32) int {
	m := int(l)
	for _, x := range ls {
		m = max(m, int(x))
	}
	return m
}

// local records a local of the function being compiled.
func (c *vmCompiler) local(l ir.Local) int32 {
	if int(l)+1 > c.cur.nlocals {
		c.cur.nlocals = int(l) + 1
	}
	return int32(l)
}

// constant interns a constant term and returns its operand.
func (c *vmCompiler) constant(key any, t *ast.Term) operand {
	if o, ok := c.constIdx[key]; ok {
		return o
	}
	c.prog.consts = append(c.prog.consts, t)
	o := ^operand(len(c.prog.consts) - 1)
	c.constIdx[key] = o
	return o
}

type stringKey int
type numberKey string

func (c *vmCompiler) str(i int) (operand, error) {
	if i < 0 || i >= len(c.strings) {
		return 0, fmt.Errorf("%w: string constant %d out of range", errVMUnsupported, i)
	}
	return c.constant(stringKey(i), c.strings[i]), nil
}

func (c *vmCompiler) operand(o ir.Operand) (operand, error) {
	switch v := o.Value.(type) {
	case ir.Local:
		return c.local(v), nil
	case ir.Bool:
		return c.constant(bool(v), ast.InternedTerm(bool(v))), nil
	case ir.StringIndex:
		return c.str(int(v))
	}
	return 0, fmt.Errorf("%w: operand %v", errVMUnsupported, o.Value)
}

func (c *vmCompiler) location(l *ir.Location) *ast.Location {
	if l == nil {
		return nil
	}
	loc := &ast.Location{Row: l.Row, Col: l.Col}
	if l.File >= 0 && l.File < len(c.files) {
		loc.File = c.files[l.File]
	}
	return loc
}

// vmRefuse lists built-ins the interpreter treats as unsupported; tests
// use it to exercise the fallback to topdown.
var vmRefuse map[string]bool

func (c *vmCompiler) builtin(name string) (*vmBuiltin, error) {
	if b, ok := c.builtins[name]; ok {
		return b, nil
	}
	if vmRefuse[name] {
		return nil, fmt.Errorf("%w: built-in %s", errVMUnsupported, name)
	}
	var b *vmBuiltin
	if cb, ok := c.custom[name]; ok && cb != nil && cb.Func != nil {
		b = &vmBuiltin{name: name, fn: cb.Func, custom: true}
		if cb.Decl != nil {
			b.relation = cb.Decl.Relation
			b.void = cb.Decl.Decl != nil && cb.Decl.Decl.Result() == nil
		}
	} else if fn := topdown.GetBuiltin(name); fn != nil {
		b = &vmBuiltin{name: name, fn: fn, direct: directBuiltins[name]}
		if decl, ok := ast.BuiltinMap[name]; ok {
			b.relation = decl.Relation
			b.void = decl.Decl != nil && decl.Decl.Result() == nil
			if decl.Nondeterministic || strings.HasPrefix(name, "time.") {
				c.prog.usesTime = true
			}
			b.pure = !decl.Nondeterministic && !strings.HasPrefix(name, "time.") && !impureBuiltins[name]
		}
	} else {
		return nil, fmt.Errorf("%w: built-in %s", errVMUnsupported, name)
	}
	c.builtins[name] = b
	return b, nil
}

func (c *vmCompiler) block(b *ir.Block) (vmBlock, error) {
	out := make(vmBlock, 0, len(b.Stmts))
	for _, s := range b.Stmts {
		in, err := c.stmt(s)
		if err != nil {
			if loc := c.location(s.GetLocation()); loc != nil && loc.File != "" {
				err = fmt.Errorf("%s:%d: %w", loc.File, loc.Row, err)
			}
			return nil, err
		}
		out = append(out, in)
	}
	return fuseArrayLiterals(out), nil
}

type arrayKey int

// constantArrays builds each array literal of fn made of constants once,
// at compile time (an object.get path, a list of field names): it becomes
// a constant, as numbers and strings are, unless the function appends to
// its local anywhere.
func (c *vmCompiler) constantArrays(fn *vmFunc) {
	appended := map[int32]bool{}
	eachInstr(fn.blocks, func(in *vmInstr) {
		if in.op == opArrayAppend {
			appended[in.t] = true
		}
	})
	eachInstr(fn.blocks, func(in *vmInstr) {
		if in.op != opArrayLit || !allConstant(in.args) || appended[in.t] {
			return
		}
		elems := make([]*ast.Term, len(in.args))
		for j, a := range in.args {
			elems[j] = c.prog.consts[^a]
		}
		c.arrays++
		*in = vmInstr{op: opMakeConst, t: in.t, a: c.constant(arrayKey(c.arrays), ast.NewTerm(ast.NewArray(elems...)))}
	})
}

// eachInstr calls f with every instruction of blocks, nested ones too.
func eachInstr(blocks []vmBlock, f func(*vmInstr)) {
	for _, b := range blocks {
		for i := range b {
			f(&b[i])
			eachInstr(b[i].blocks, f)
		}
	}
}

func allConstant(os []operand) bool {
	for _, o := range os {
		if o >= 0 {
			return false
		}
	}
	return true
}

// fuseArrayLiterals replaces an array literal, a MakeArray followed by as
// many ArrayAppends as its capacity (with only constants made in between),
// by the constants and one instruction that builds the array at once: an
// append to an ast.Array copies its header each time.
func fuseArrayLiterals(b vmBlock) vmBlock {
	out := b[:0:0]
	for i := 0; i < len(b); i++ {
		in := b[i]
		if in.op != opMakeArray || in.n <= 0 {
			out = append(out, in)
			continue
		}
		var consts []vmInstr
		var args []operand
		j := i + 1
		for ; j < len(b) && int64(len(args)) < in.n; j++ {
			next := b[j]
			if next.op == opMakeConst && next.t != in.t {
				consts = append(consts, next)
				continue
			}
			if next.op == opArrayAppend && next.t == in.t && next.a != in.t {
				args = append(args, next.a)
				continue
			}
			break
		}
		if int64(len(args)) != in.n {
			out = append(out, in)
			continue
		}
		out = append(out, consts...)
		out = append(out, vmInstr{op: opArrayLit, t: in.t, args: args})
		i = j - 1
	}
	return out
}

func (c *vmCompiler) blocks(bs []*ir.Block) ([]vmBlock, error) {
	out := make([]vmBlock, 0, len(bs))
	for _, b := range bs {
		vb, err := c.block(b)
		if err != nil {
			return nil, err
		}
		out = append(out, vb)
	}
	return out, nil
}

func (c *vmCompiler) stmt(s ir.Stmt) (vmInstr, error) {
	var in vmInstr
	var err error
	ops := func(os ...ir.Operand) []operand {
		out := make([]operand, len(os))
		for i, o := range os {
			if err == nil {
				out[i], err = c.operand(o)
			}
		}
		return out
	}
	switch s := s.(type) {
	case *ir.NopStmt:
		in.op = opNop
	case *ir.ArrayAppendStmt:
		in.op, in.t = opArrayAppend, c.local(s.Array)
		in.a, err = c.operand(s.Value)
	case *ir.AssignIntStmt:
		in.op, in.t, in.n = opAssignInt, c.local(s.Target), s.Value
		in.a = c.constant(numberKey(fmt.Sprint(s.Value)), ast.InternedTerm(int(s.Value)))
	case *ir.AssignVarStmt:
		in.op, in.t = opAssignVar, c.local(s.Target)
		in.a, err = c.operand(s.Source)
	case *ir.AssignVarOnceStmt:
		in.op, in.t, in.loc = opAssignVarOnce, c.local(s.Target), c.location(s.GetLocation())
		in.a, err = c.operand(s.Source)
		in.fn = c.cur
	case *ir.BlockStmt:
		in.op = opBlock
		in.blocks, err = c.blocks(s.Blocks)
	case *ir.BreakStmt:
		in.op, in.n = opBreak, int64(s.Index)
	case *ir.CallStmt:
		in.t, in.loc = c.local(s.Result), c.location(s.GetLocation())
		in.args = ops(s.Args...)
		if fn, ok := c.funcs[s.Func]; ok {
			in.op, in.fn = opCall, fn
			if len(in.args) != len(fn.params) {
				return in, fmt.Errorf("%w: call of %s with %d arguments", errVMUnsupported, s.Func, len(in.args))
			}
		} else {
			in.op = opCallBuiltin
			in.bi, err = c.builtin(s.Func)
		}
	case *ir.CallDynamicStmt:
		in.op, in.t, in.loc = opCallDynamic, c.local(s.Result), c.location(s.GetLocation())
		for _, a := range s.Args {
			in.args = append(in.args, c.local(a))
		}
		in.path = ops(s.Path...)
	case *ir.DotStmt:
		in.op, in.t = opDot, c.local(s.Target)
		in.a, err = c.operand(s.Source)
		if err == nil {
			in.b, err = c.operand(s.Key)
		}
		if src, ok := s.Source.Value.(ir.Local); ok && c.dataLocals[int32(src)] {
			in.op = opDotData
			c.dataLocals[in.t] = true
		}
	case *ir.EqualStmt:
		in.op = opEqual
		o := ops(s.A, s.B)
		in.a, in.b = o[0], o[1]
	case *ir.NotEqualStmt:
		in.op = opNotEqual
		o := ops(s.A, s.B)
		in.a, in.b = o[0], o[1]
	case *ir.IsArrayStmt:
		in.op = opIsArray
		in.a, err = c.operand(s.Source)
	case *ir.IsObjectStmt:
		in.op = opIsObject
		in.a, err = c.operand(s.Source)
	case *ir.IsSetStmt:
		in.op = opIsSet
		in.a, err = c.operand(s.Source)
	case *ir.IsDefinedStmt:
		in.op, in.a = opIsDefined, c.local(s.Source)
	case *ir.IsUndefinedStmt:
		in.op, in.a = opIsUndefined, c.local(s.Source)
	case *ir.LenStmt:
		in.op, in.t = opLen, c.local(s.Target)
		in.a, err = c.operand(s.Source)
	case *ir.MakeArrayStmt:
		in.op, in.t, in.n = opMakeArray, c.local(s.Target), int64(s.Capacity)
	case *ir.MakeNullStmt:
		in.op, in.t = opMakeConst, c.local(s.Target)
		in.a = c.constant(ast.NullValue, ast.InternedNullTerm)
	case *ir.MakeNumberIntStmt:
		in.op, in.t = opMakeConst, c.local(s.Target)
		in.a = c.constant(numberKey(fmt.Sprint(s.Value)), ast.InternedTerm(int(s.Value)))
	case *ir.MakeNumberRefStmt:
		in.op, in.t = opMakeConst, c.local(s.Target)
		if s.Index < 0 || s.Index >= len(c.strings) {
			return in, fmt.Errorf("%w: number constant %d out of range", errVMUnsupported, s.Index)
		}
		text := string(c.strings[s.Index].Value.(ast.String))
		in.a = c.constant(numberKey(text), ast.NewTerm(ast.Number(text)))
	case *ir.MakeObjectStmt:
		in.op, in.t = opMakeObject, c.local(s.Target)
	case *ir.MakeSetStmt:
		in.op, in.t = opMakeSet, c.local(s.Target)
	case *ir.NotStmt:
		in.op = opNot
		in.blocks, err = c.blocks([]*ir.Block{s.Block})
	case *ir.ObjectInsertStmt:
		in.op, in.t = opObjectInsert, c.local(s.Object)
		o := ops(s.Key, s.Value)
		in.a, in.b = o[0], o[1]
	case *ir.ObjectInsertOnceStmt:
		in.op, in.t, in.loc = opObjectInsertOnce, c.local(s.Object), c.location(s.GetLocation())
		o := ops(s.Key, s.Value)
		in.a, in.b = o[0], o[1]
	case *ir.ObjectMergeStmt:
		in.op, in.a, in.b, in.t = opObjectMerge, c.local(s.A), c.local(s.B), c.local(s.Target)
	case *ir.ResetLocalStmt:
		in.op, in.t = opResetLocal, c.local(s.Target)
	case *ir.ResultSetAddStmt:
		in.op, in.a = opResultSetAdd, c.local(s.Value)
	case *ir.ReturnLocalStmt:
		in.op, in.a = opReturnLocal, c.local(s.Source)
	case *ir.ScanStmt:
		in.op, in.t, in.k, in.v = opScan, c.local(s.Source), c.local(s.Key), c.local(s.Value)
		in.blocks, err = c.blocks([]*ir.Block{s.Block})
	case *ir.SetAddStmt:
		in.op, in.t = opSetAdd, c.local(s.Set)
		in.a, err = c.operand(s.Value)
	case *ir.WithStmt:
		in.op, in.t = opWith, c.local(s.Local)
		in.a, err = c.operand(s.Value)
		for _, p := range s.Path {
			if err == nil {
				var o operand
				o, err = c.str(p)
				in.path = append(in.path, o)
			}
		}
		if err == nil {
			in.blocks, err = c.blocks([]*ir.Block{s.Block})
		}
	default:
		return in, fmt.Errorf("%w: statement %T", errVMUnsupported, s)
	}
	return in, err
}

// vmConflict is the error of a complete rule or function that produced two
// different values, worded as topdown words it.
func vmConflict(fn *vmFunc, loc *ast.Location) error {
	msg := "rule " + fn.path + " produced conflicting values"
	if !fn.rule {
		msg = "function " + fn.path + " produced conflicting values for the same inputs"
	}
	return &topdown.Error{Code: topdown.ConflictErr, Location: loc, Message: msg}
}
