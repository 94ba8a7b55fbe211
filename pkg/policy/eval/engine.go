package eval

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
)

// collectPackage is the generated package of the aggregating query.
const collectPackage = "poddoctor.collect"

// DefaultTimeout is the evaluation budget for one input document. A policy
// that loops or explodes combinatorially is cut off with a clear error
// instead of hanging a CI job.
const DefaultTimeout = 2 * time.Second

// Config says what an Engine compiles.
type Config struct {
	// Engine is "lint" or "diagnose": it picks the namespace of built-in
	// rules and is recorded in the rule metadata.
	Engine string
	// Modules are the built-in policies, helpers and user policies.
	// Test modules are ignored.
	Modules []policy.Module
	// Disabled rule ids are not compiled at all.
	Disabled map[string]bool
	// Profile selects the rules beyond the default ones ("strict",
	// "all"); Enabled switches single rules on whatever their profile.
	Profile string
	Enabled map[string]bool
	// Builtins are the Go functions the policies may call besides OPA's
	// own (pkg/policy/builtin.All for poddoctor's). Each evaluation hands
	// them its Run.Inputs.
	Builtins []Builtin
	// Timeout bounds one evaluation; zero means DefaultTimeout.
	Timeout time.Duration
	// GoRules are rules implemented in Go by the calling engine, registered
	// beside the Rego ones so ids stay unique and `rules` lists them.
	GoRules []finding.Rule
	// Data is what policies read under data.poddoctor (rule parameters
	// from the config file: data.poddoctor.params[RULE][NAME]).
	Data map[string]any
	// Evaluator picks how policies are evaluated: EvaluatorVM (the
	// default, also for "") interprets OPA's plan of the policies and falls
	// back to topdown for a policy set it does not support;
	// EvaluatorTopdown uses OPA's topdown interpreter.
	Evaluator string
	// Conftest selects which packages of the user modules are evaluated
	// (conftest's --namespace, --all-namespaces; main by default).
	Conftest Conftest
	// Documents are what policies read at the root of data (conftest's
	// --data), beside data.poddoctor.
	Documents map[string]any
	// everyRule turns off the dispatch by kind (kinds.go), for the tests
	// that compare it with evaluating every rule.
	everyRule bool
}

// Engine evaluates compiled policies against one input document at a time.
// It is safe for concurrent use.
type Engine struct {
	query    rego.PreparedEvalQuery
	vm       *vmProgram // nil: evaluate query with topdown
	fallback error      // why the VM was not used, when it was asked for
	registry *policy.Registry
	sources  map[string]source // collected package -> how to read its results
	timeout  time.Duration
	// What isolating a failure needs: the compiled policies, the collected
	// packages in the order of the collect module, where each rule starts,
	// and the per-package queries, prepared on the first failure.
	policies *compiledPolicies
	order    []string
	rules    map[string][]ruleLine
	isolate  isolation
}

// source is one package whose results the collect query gathers.
type source struct {
	pkg      string
	rule     finding.Rule // zero ID for user packages without metadata
	user     bool
	defaults map[string]finding.Severity // result set name -> default severity
	// exceptions: the package has conftest's exception rule.
	exceptions bool
	// files define the package; firstRule is where each result set is
	// first defined, for naming a result of the wrong shape.
	files     []string
	firstRule map[string]ruleLine
}

// conftestSets are the result rules of conftest-style policies and their
// severities; `findings` is poddoctor's own convention.
var conftestSets = map[string]finding.Severity{
	"deny":      finding.Error,
	"violation": finding.Error,
	"warn":      finding.Warning,
	"findings":  finding.Warning,
}

// CompileBuiltins compiles the built-in policies of one engine ("lint" or
// "diagnose") together with a team's modules, with the disabled rule ids
// switched off; the rest of cfg (built-ins' suggester, Go rules, data,
// timeout) is used as given. It returns the disabled set too, which the
// engines also apply to their Go rules.
func CompileBuiltins(ctx context.Context, engine string, user []policy.Module, disable []string, cfg Config) (*Engine, map[string]bool, error) {
	modules, err := policy.Builtins(engine)
	if err != nil {
		return nil, nil, err
	}
	disabled := make(map[string]bool, len(disable))
	for _, id := range disable {
		disabled[id] = true
	}
	cfg.Engine = engine
	cfg.Modules = append(modules, user...)
	cfg.Disabled = disabled
	e, err := Compile(ctx, cfg)
	return e, disabled, err
}

// compileModules parses and compiles the modules of cfg (Compile).
func compileModules(ctx context.Context, cfg Config) (*Engine, error) {
	registry, all, err := policy.Load(cfg.Engine, cfg.Modules, cfg.GoRules)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	namespace := policy.LintNamespace
	if cfg.Engine == "diagnose" {
		namespace = policy.DiagnoseNamespace
	}
	parsed := make(map[string]*ast.Module, len(all))
	libraries := map[string]bool{}
	sources := make(map[string]source)
	var order []string
	for _, p := range all {
		m, mod, pkg, rule, hasRule := p.Module, p.AST, p.Package, p.Rule, p.HasRule
		if err := checkDeterministic(mod, cfg.Engine); err != nil {
			return nil, err
		}
		// A disabled rule stays in the registry, so that `rules` lists it
		// and --disable can be checked against it, but is not compiled.
		if hasRule && (cfg.Disabled[rule.ID] || !policy.Selected(rule, cfg.Profile, cfg.Enabled)) {
			continue
		}
		parsed[m.File] = mod
		if strings.HasPrefix(pkg, policy.LibraryNamespace+".") || pkg == policy.LibraryNamespace {
			if !m.User {
				libraries[m.File] = true
			}
			continue
		}
		if !m.User && !strings.HasPrefix(pkg, namespace+".") {
			continue // a built-in of the other engine
		}
		if m.User && !hasRule && !cfg.Conftest.Selects(pkg) {
			continue // compiled, as a library, but not evaluated
		}
		src, seen := sources[pkg]
		if !seen {
			src = source{pkg: pkg, user: m.User, defaults: map[string]finding.Severity{}}
			order = append(order, pkg)
		}
		if hasRule {
			src.rule = rule
		}
		src.files = append(src.files, m.File)
		for _, r := range mod.Rules {
			name := ruleName(r)
			if sev, ok := resultSetSeverity(name, m.User); ok {
				src.defaults[name] = sev
				if _, seen := src.firstRule[name]; !seen {
					if src.firstRule == nil {
						src.firstRule = map[string]ruleLine{}
					}
					src.firstRule[name] = ruleLine{file: m.File, row: r.Location.Row, name: name}
				}
			}
			if m.User && name == conftestExceptionSet {
				src.exceptions = true
			}
		}
		sources[pkg] = src
	}
	sort.Strings(order)
	parsed = withoutUnusedLibraries(parsed, libraries)
	collect := collectModule(order, sources)
	parsed[collectFile] = collect

	own := cfg.Builtins
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	e := &Engine{registry: registry, sources: sources, order: order, rules: ruleLines(parsed), timeout: timeout}
	switch cfg.Evaluator {
	case "", EvaluatorVM:
		policies, err := compilePolicies(parsed, own, storeDocument(cfg), true)
		if err == nil && !cfg.everyRule {
			policies.kinds = dispatchKinds(policies.compiler.Modules, sources)
		}
		if err == nil {
			var prog *vmProgram
			var query rego.PreparedEvalQuery
			prog, query, err = policies.prepare(ctx, collectQuery)
			if err == nil {
				e.vm, e.query, e.policies = prog, query, policies
				return e, nil
			}
		}
		// A policy set the VM cannot run (a statement or built-in it does
		// not know, or one the planner rejects) is evaluated by topdown,
		// which also reports real errors in it.
		e.fallback = err
	case EvaluatorTopdown:
	default:
		return nil, fmt.Errorf("compile policies: evaluator %q, want %s or %s", cfg.Evaluator, EvaluatorVM, EvaluatorTopdown)
	}
	policies, err := compilePolicies(parsed, own, storeDocument(cfg), false)
	if err != nil {
		return nil, err
	}
	_, query, err := policies.prepare(ctx, collectQuery)
	if err != nil {
		return nil, err
	}
	e.query, e.policies = query, policies
	return e, nil
}

// compiledPolicies are the compiled modules, from which queries are
// prepared: the collect query at once, and one query per package when an
// evaluation has to find out which package failed.
type compiledPolicies struct {
	compiler *ast.Compiler
	own      []Builtin
	doc      map[string]any // the base document: storeDocument
	vm       bool
	kinds    map[string]map[string]bool // the interpreter's dispatch by kind: dispatchKinds
}

// compilePolicies compiles the modules for the IR interpreter (vm) or for
// topdown.
func compilePolicies(parsed map[string]*ast.Module, own []Builtin, doc map[string]any, vm bool) (*compiledPolicies, error) {
	compilerBuiltins := make(map[string]*ast.Builtin, len(own))
	for _, b := range own {
		compilerBuiltins[b.Decl.Name] = compilerBuiltin(b)
	}
	compiler := ast.NewCompiler().
		WithDefaultRegoVersion(ast.RegoV1).
		WithCapabilities(capabilities(own)).
		WithBuiltins(compilerBuiltins)
	if vm {
		compiler = compiler.WithEvalMode(ast.EvalModeIR)
	}
	compiler.Compile(parsed)
	if compiler.Failed() {
		return nil, compileError(compiler.Errors)
	}
	return &compiledPolicies{compiler: compiler, own: own, doc: doc, vm: vm}, nil
}

// prepare prepares one query (a reference to a rule of the collect
// package) over the compiled policies.
func (c *compiledPolicies) prepare(ctx context.Context, ref string) (*vmProgram, rego.PreparedEvalQuery, error) {
	opts := []func(*rego.Rego){
		rego.Compiler(c.compiler),
		rego.Store(inmem.NewFromObject(c.doc)),
		rego.Query(ref),
		rego.StrictBuiltinErrors(true),
	}
	for _, b := range c.own {
		opts = append(opts, regoOption(b))
	}
	var setup *vmSetup
	if c.vm {
		registerVM()
		v, err := ast.InterfaceToValue(c.doc)
		if err != nil {
			return nil, rego.PreparedEvalQuery{}, fmt.Errorf("prepare policy data: %w", err)
		}
		setup = &vmSetup{data: v, kinds: c.kinds}
		ctx = context.WithValue(ctx, vmSetupKey{}, setup)
		opts = append(opts, rego.Target(vmTarget))
	}
	query, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return nil, rego.PreparedEvalQuery{}, fmt.Errorf("prepare policy query: %w", err)
	}
	if c.vm {
		if setup.prog == nil {
			return nil, rego.PreparedEvalQuery{}, errors.New("prepare policy query: the IR interpreter was not prepared")
		}
		return setup.prog, query, nil
	}
	return nil, query, nil
}

// storeDocument is the whole base document: the --data documents at the
// root, poddoctor's own under data.poddoctor.
func storeDocument(cfg Config) map[string]any {
	doc := make(map[string]any, len(cfg.Documents)+1)
	for k, v := range cfg.Documents {
		doc[k] = v
	}
	doc["poddoctor"] = storeData(cfg.Data)
	return doc
}

// storeData is the base document under data.poddoctor; it always has a
// params object so that policies can read parameters without guarding.
func storeData(data map[string]any) map[string]any {
	out := map[string]any{"params": map[string]any{}}
	for k, v := range data {
		out[k] = v
	}
	return out
}

// collectModule writes the one aggregating rule the engine queries: every
// result of every collected package, tagged with where it came from; and
// one rule per package (package_N, N its index in order) with the same
// results of that package alone, which an evaluation falls back to when
// the aggregating rule fails, so that a failure costs only its package.
func collectModule(order []string, sources map[string]source) *ast.Module {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\n", collectPackage)
	n := 0
	for i, pkg := range order {
		var names []string
		for name := range sources[pkg].defaults {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			collectRules(&b, sources[pkg], name, n, "results", fmt.Sprintf("package_%d", i))
			n++
		}
	}
	if len(order) == 0 {
		b.WriteString("results := set()\n")
	}
	return ast.MustParseModuleWithOpts(b.String(), ast.ParserOptions{RegoVersion: ast.RegoV1})
}

func compileError(errs ast.Errors) error {
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		if e.Location != nil {
			lines = append(lines, fmt.Sprintf("%s:%d: %s", e.Location.File, e.Location.Row, e.Message))
		} else {
			lines = append(lines, e.Message)
		}
	}
	return fmt.Errorf("compile policies: %s", strings.Join(lines, "; "))
}

// Registry returns the metadata of every rule compiled into the engine,
// plus the Go rules it was configured with.
func (e *Engine) Registry() *policy.Registry { return e.registry }

// Evaluate runs every policy against one input document. The input should
// be converted once with ast.InterfaceToValue (see ToValue). Results come
// back sorted.
//
// A policy package that fails on the input (a runtime error, a panic in a
// built-in, the time budget, a result of the wrong shape) costs only its
// own results: Evaluate then returns the results of every other package
// together with an EvaluationErrors naming each failed package, its file,
// rule and, where known, line. Any other error (the caller's context was
// cancelled) comes with no results.
func (e *Engine) Evaluate(ctx context.Context, input ast.Value, run Run) ([]Result, error) {
	terms, raw, err := e.evaluateQuery(ctx, e.vm, e.query, input, run)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("evaluate policies: %w", ctx.Err())
		}
		// Which package failed is known only by evaluating each alone.
		return e.evaluateEach(ctx, input, run, err)
	}
	results, failed := e.readResults(terms, raw)
	sortResults(results)
	if len(failed) > 0 {
		return results, failed
	}
	return results, nil
}

// evaluateQuery evaluates one prepared query (the collect query or one
// package's) within the input's budget (budget.go) and returns the
// collected triples: as Rego terms from the VM, as Go values from topdown.
// A panic is an error.
func (e *Engine) evaluateQuery(ctx context.Context, prog *vmProgram, query rego.PreparedEvalQuery, input ast.Value, run Run) (terms []*ast.Term, raw []any, err error) {
	defer func() {
		if p := recover(); p != nil {
			terms, raw, err = nil, nil, fmt.Errorf("policy evaluation panicked: %v", p)
		}
	}()
	if prog == nil {
		budget := e.budget(input)
		ctx, cancel := context.WithTimeout(ctx, budget)
		defer cancel()
		raw, err = evaluateTopdown(ctx, query, input, run)
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, nil, budgetError{budget}
		}
		return nil, raw, err
	}
	limit := newTimeLimit(e.timeout, func() time.Duration { return e.budget(input) })
	terms, err = evaluateVM(ctx, prog, input, run, &limit)
	if err != nil && limit.passed() {
		return nil, nil, budgetError{limit.budget}
	}
	return terms, nil, err
}

// sortResults puts results in their documented order.
func sortResults(results []Result) {
	sort.Slice(results, func(i, j int) bool { return results[i].less(results[j]) })
}

// evaluateTopdown evaluates a prepared query with topdown and returns the
// collected triples.
func evaluateTopdown(ctx context.Context, query rego.PreparedEvalQuery, input ast.Value, run Run) ([]any, error) {
	opts := []rego.EvalOption{rego.EvalParsedInput(input)}
	if !run.Now.IsZero() {
		opts = append(opts, rego.EvalTime(run.Now))
	}
	if md := run.metadata(); md != nil {
		opts = append(opts, rego.EvalRequestMetadata(md))
	}
	rs, err := query.Eval(ctx, opts...)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, nil
	}
	raw, ok := rs[0].Expressions[0].Value.([]any)
	if !ok {
		return nil, fmt.Errorf("unexpected result type %T", rs[0].Expressions[0].Value)
	}
	return raw, nil
}

// evaluateVM evaluates the plan of a query with the IR interpreter and
// returns the collected triples.
func evaluateVM(ctx context.Context, prog *vmProgram, input ast.Value, run Run, limit *timeLimit) ([]*ast.Term, error) {
	out, err := prog.eval(ctx, input, vmEvalOptions{strict: true, time: run.Now, inputs: run.Inputs, limit: limit})
	if err != nil {
		return nil, err
	}
	rs, ok := out.(ast.Set)
	if !ok || rs.Len() == 0 {
		return nil, nil
	}
	if rs.Len() != 1 {
		return nil, fmt.Errorf("unexpected result set of %d results", rs.Len())
	}
	bindings, ok := rs.Slice()[0].Value.(ast.Object)
	if !ok || bindings.Len() != 1 {
		return nil, fmt.Errorf("unexpected result %v", rs)
	}
	var collected *ast.Term
	bindings.Foreach(func(_, v *ast.Term) { collected = v })
	set, ok := collected.Value.(ast.Set)
	if !ok {
		return nil, fmt.Errorf("unexpected result type %s", ast.ValueName(collected.Value))
	}
	return set.Slice(), nil
}

// Evaluator says which evaluator the engine uses: EvaluatorVM or
// EvaluatorTopdown (asked for, or the VM's fallback).
func (e *Engine) Evaluator() string {
	if e.vm != nil {
		return EvaluatorVM
	}
	return EvaluatorTopdown
}
