package eval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// The collect module's file name and the query of its aggregating rule.
const (
	collectFile  = "poddoctor-collect.rego"
	collectQuery = "data." + collectPackage + ".results"
)

// budgetError is an evaluation stopped by its time budget.
type budgetError struct{ budget time.Duration }

func (b budgetError) Error() string {
	return fmt.Sprintf("policy evaluation took longer than %s (its time budget) and was stopped", b.budget.Round(time.Millisecond))
}

// PolicyError is one policy package that failed on one input document.
// Its results are lost; every other package's are kept.
type PolicyError struct {
	// Package is the Rego package, "main" for a conftest policy.
	Package string
	// RuleID is the id its results carry: the METADATA id, or for a
	// package without one, an id like "main-deny" (empty when the failing
	// Rego rule is not known).
	RuleID string
	// Rule is the Rego rule that failed ("deny", "findings"), where known.
	Rule string
	// File and Line are where the failure happened, or the file that
	// defines the package when the line is not known (Line 0).
	File string
	Line int
	// Cause says what went wrong, without the location.
	Cause string
}

func (p *PolicyError) Error() string {
	where := p.File
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	rule := "package " + p.Package
	if p.Rule != "" {
		rule = "rule " + p.Package + "." + p.Rule
	}
	if p.RuleID != "" {
		rule += " (" + p.RuleID + ")"
	}
	return fmt.Sprintf("policy %s, %s failed: %s", where, rule, p.Cause)
}

// EvaluationErrors are the packages that failed on one input document,
// sorted by package. Evaluate returns it together with the results of
// every other package.
type EvaluationErrors []*PolicyError

func (e EvaluationErrors) Error() string {
	msgs := make([]string, len(e))
	for i, p := range e {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// FailureMessages is one message per policy that failed in an error of
// Evaluate, or the error's own message when the evaluation failed as a
// whole.
func FailureMessages(err error) []string {
	var failed EvaluationErrors
	if !errors.As(err, &failed) {
		return []string{err.Error()}
	}
	msgs := make([]string, len(failed))
	for i, p := range failed {
		msgs[i] = p.Error()
	}
	return msgs
}

// isolation holds one prepared query per collected package, prepared the
// first time an evaluation fails: most runs never need them.
type isolation struct {
	once    sync.Once
	queries []packageQuery
	err     error
	// compile compiles the policies when the engine was built without
	// them (from a bundle, bundle.go).
	compile func(context.Context) (*compiledPolicies, error)
}

type packageQuery struct {
	pkg   string
	prog  *vmProgram
	query rego.PreparedEvalQuery
}

// packageQueries prepares, once, a query per collected package.
func (e *Engine) packageQueries(ctx context.Context) ([]packageQuery, error) {
	e.isolate.once.Do(func() {
		policies := e.policies
		if policies == nil {
			var err error
			if policies, err = e.isolate.compile(context.WithoutCancel(ctx)); err != nil {
				e.isolate.err = fmt.Errorf("compile the policies: %w", err)
				return
			}
		}
		for i, pkg := range e.order {
			if len(e.sources[pkg].defaults) == 0 {
				continue // no result sets: nothing to lose, nothing to fail
			}
			prog, query, err := policies.prepare(context.WithoutCancel(ctx), fmt.Sprintf("data.%s.package_%d", collectPackage, i))
			if err != nil {
				e.isolate.err = fmt.Errorf("prepare the query of policy package %s: %w", pkg, err)
				return
			}
			if e.vm == nil {
				prog = nil
			}
			e.isolate.queries = append(e.isolate.queries, packageQuery{pkg: pkg, prog: prog, query: query})
		}
	})
	return e.isolate.queries, e.isolate.err
}

// evaluateEach evaluates every package on its own, each within the budget,
// after the aggregating query failed with cause: the failing packages
// become PolicyErrors, the others keep their results.
func (e *Engine) evaluateEach(ctx context.Context, input ast.Value, run Run, cause error) ([]Result, error) {
	queries, err := e.packageQueries(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w (and isolating the failure: %v)", cause, err)
	}
	var results []Result
	var failed EvaluationErrors
	for _, q := range queries {
		terms, raw, err := e.evaluateQuery(ctx, q.prog, q.query, input, run)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("evaluate policies: %w", ctx.Err())
		}
		if err != nil {
			failed = append(failed, e.failure(q.pkg, "", err))
			continue
		}
		rs, bad := e.readResults(terms, raw)
		results = append(results, rs...)
		failed = append(failed, bad...)
	}
	if len(failed) == 0 {
		// Alone, every package succeeded: the failure was in how they ran
		// together, which no package can be blamed for.
		return nil, fmt.Errorf("evaluate policies: %w", cause)
	}
	sortResults(results)
	sort.SliceStable(failed, func(i, j int) bool { return failed[i].Package < failed[j].Package })
	return results, failed
}

// readResults reads collected triples into results. A result of the wrong
// shape fails its package: that package's results are dropped and it is
// named in the returned errors.
func (e *Engine) readResults(terms []*ast.Term, raw []any) ([]Result, EvaluationErrors) {
	results := make([]Result, 0, len(terms)+len(raw))
	var bad map[string]*PolicyError
	fail := func(pkg, set string, err error) {
		if bad == nil {
			bad = map[string]*PolicyError{}
		}
		if _, seen := bad[pkg]; !seen {
			bad[pkg] = e.failure(pkg, set, err)
		}
	}
	for _, t := range terms {
		r, ok := e.readResult(t.Value)
		if !ok {
			// Anything unusual goes the JSON way, which names what is wrong.
			x, err := ast.JSON(t.Value)
			if err == nil {
				r, err = e.decodeResult(x)
			}
			if err != nil {
				pkg, set := tripleOrigin(x)
				fail(pkg, set, err)
				continue
			}
		}
		results = append(results, r)
	}
	for _, item := range raw {
		r, err := e.decodeResult(item)
		if err != nil {
			pkg, set := tripleOrigin(item)
			fail(pkg, set, err)
			continue
		}
		results = append(results, r)
	}
	if len(bad) == 0 {
		return results, nil
	}
	results = slices.DeleteFunc(results, func(r Result) bool { return bad[r.Package] != nil })
	failed := make(EvaluationErrors, 0, len(bad))
	for _, p := range bad {
		failed = append(failed, p)
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i].Package < failed[j].Package })
	return results, failed
}

// tripleOrigin is the package and result set a collected triple came from.
func tripleOrigin(item any) (pkg, set string) {
	if triple, ok := item.([]any); ok && len(triple) == 3 {
		pkg, _ = triple[0].(string)
		set, _ = triple[1].(string)
	}
	return pkg, set
}

// failure describes how package pkg failed: where (from the error's
// location, or the rule set's or package's first definition), which rule
// and why.
func (e *Engine) failure(pkg, set string, err error) *PolicyError {
	src := e.sources[pkg]
	p := &PolicyError{Package: pkg, RuleID: src.rule.ID, Rule: set, Cause: err.Error()}
	var terr *topdown.Error
	switch {
	case errors.As(err, &terr) && terr.Location != nil:
		p.File, p.Line = terr.Location.File, terr.Location.Row
		p.Cause = terr.Code + ": " + terr.Message
		if name := e.ruleAt(p.File, p.Line); name != "" {
			p.Rule = name
		}
	case set != "" && src.firstRule[set].file != "":
		p.File, p.Line = src.firstRule[set].file, src.firstRule[set].row
	case len(src.files) > 0:
		p.File = src.files[0]
	}
	if p.Rule == "" && len(src.defaults) == 1 {
		// Without a line, a package with one result set still names it.
		for set := range src.defaults {
			p.Rule = set
		}
	}
	if _, isSet := src.defaults[p.Rule]; p.RuleID == "" && isSet {
		p.RuleID = userRuleID(pkg, p.Rule)
	}
	var over budgetError
	if errors.As(err, &over) {
		p.Cause = strings.TrimPrefix(over.Error(), "policy evaluation ")
	}
	return p
}

// ruleLine is where one Rego rule starts.
type ruleLine struct {
	file string
	row  int
	name string
}

// ruleLines lists where every rule of every module starts, by file and
// row, so that an error's line can be turned into the rule it is in.
func ruleLines(parsed map[string]*ast.Module) map[string][]ruleLine {
	out := make(map[string][]ruleLine, len(parsed))
	for file, mod := range parsed {
		lines := make([]ruleLine, 0, len(mod.Rules))
		for _, r := range mod.Rules {
			if r.Location != nil {
				lines = append(lines, ruleLine{file: file, row: r.Location.Row, name: ruleName(r)})
			}
		}
		sort.Slice(lines, func(i, j int) bool { return lines[i].row < lines[j].row })
		out[file] = lines
	}
	return out
}

// ruleAt is the name of the rule that holds line row of file.
func (e *Engine) ruleAt(file string, row int) string {
	lines := e.rules[file]
	i := sort.Search(len(lines), func(i int) bool { return lines[i].row > row })
	if i == 0 {
		return ""
	}
	return lines[i-1].name
}

// ruleName is the name of a rule's head: "deny" for deny contains ....
func ruleName(r *ast.Rule) string {
	name := r.Head.Name.String()
	if name == "" && len(r.Head.Reference) > 0 {
		name = r.Head.Reference[0].Value.String()
	}
	return strings.Trim(name, `"`)
}
