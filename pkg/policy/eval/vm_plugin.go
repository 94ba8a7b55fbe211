package eval

import (
	"context"
	"errors"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/ir"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Evaluators a Config can choose.
const (
	// EvaluatorVM evaluates the plan OPA's planner makes of the policies
	// (its intermediate representation) with poddoctor's own interpreter.
	// A policy set the interpreter does not support falls back to topdown.
	EvaluatorVM = "vm"
	// EvaluatorTopdown evaluates with OPA's topdown interpreter.
	EvaluatorTopdown = "topdown"
)

// vmTarget is the rego target name under which the IR interpreter is
// registered as a rego target plugin.
const vmTarget = "poddoctor-ir-vm"

var registerVMOnce sync.Once

// registerVM registers the interpreter as a rego target plugin, once per
// process.
func registerVM() {
	registerVMOnce.Do(func() { rego.RegisterPlugin(vmTarget, vmPlugin{}) })
}

// vmPlugin is the rego.TargetPlugin that turns a planned policy into a
// vmProgram.
type vmPlugin struct{}

func (vmPlugin) IsTarget(t string) bool { return t == vmTarget }

// vmSetupKey carries a *vmSetup in the context given to PrepareForEval:
// the base documents the program reads under data (the rego package gives
// target plugins no store), and where to hand the program back so that the
// engine can call it directly.
type vmSetupKey struct{}

type vmSetup struct {
	data  ast.Value
	kinds map[string]map[string]bool // dispatchKinds
	prog  *vmProgram
	// builtins are the implementations of the custom built-ins, as the
	// rego package hands them over (customBuiltins).
	builtins map[string]*topdown.Builtin
}

func (vmPlugin) PrepareForEval(ctx context.Context, policy *ir.Policy, opts ...rego.PrepareOption) (rego.TargetPluginEval, error) {
	pc := &rego.PrepareConfig{}
	for _, o := range opts {
		o(pc)
	}
	var data ast.Value = ast.NewObject()
	var kinds map[string]map[string]bool
	setup, _ := ctx.Value(vmSetupKey{}).(*vmSetup)
	if setup != nil && setup.data != nil {
		data = setup.data
	}
	if setup != nil {
		kinds = setup.kinds
		setup.builtins = pc.BuiltinFuncs()
	}
	prog, err := compileVM(policy, pc.BuiltinFuncs(), data, kinds)
	if err != nil {
		return nil, err
	}
	if setup != nil {
		setup.prog = prog
	}
	return prog, nil
}

// Eval implements rego.TargetPluginEval: the rego package turns the
// returned set of {variable: value} objects into its ResultSet.
func (p *vmProgram) Eval(ctx context.Context, ectx *rego.EvalContext, _ ast.Value) (ast.Value, error) {
	input := ectx.ParsedInput()
	if input == nil {
		if raw := ectx.RawInput(); raw != nil {
			v, err := ast.InterfaceToValue(*raw)
			if err != nil {
				return nil, err
			}
			input = v
		}
	}
	opts := vmEvalOptions{
		cancel: ectx.ExternalCancel(),
		strict: ectx.StrictBuiltinErrors(),
		time:   ectx.Time(),
		seed:   ectx.Seed(),
	}
	return p.eval(ctx, input, opts)
}

// errVMUnsupported marks a plan the interpreter cannot run.
var errVMUnsupported = errors.New("not supported by the IR interpreter")

// ctxCancel is a topdown.Cancel that asks the context and the
// evaluation's time limit, so that built-ins which poll for cancellation
// (numbers.range) stop when the evaluation's budget runs out, without a
// goroutine or a timer per evaluation.
type ctxCancel struct {
	ctx      context.Context
	external topdown.Cancel
	limit    timeLimit
}

func (c *ctxCancel) Cancel() {}

func (c *ctxCancel) Cancelled() bool {
	return c.ctx.Err() != nil || c.external != nil && c.external.Cancelled() || c.limit.passed()
}
