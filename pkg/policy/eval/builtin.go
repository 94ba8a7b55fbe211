package eval

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// Builtin is a Go function the caller exposes to policies (see
// policy.Builtin): the evaluator knows none of its own.
type Builtin = policy.Builtin

// runInputsKey is where an evaluation's Run.Inputs travel to the
// built-ins: OPA's BuiltinContext.RequestMetadata, the field OPA keeps for
// what a wrapping program hands its own built-ins.
const runInputsKey = "poddoctor.run.inputs"

// regoOption wraps a built-in as the rego option that supplies its
// implementation, guarded so that a panic is an error of the call at the
// call's location: it costs only the package that made the call, and
// names where.
func regoOption(b Builtin) func(*rego.Rego) {
	name, impl := b.Decl.Name, b.Func
	return rego.FunctionDyn(b.Decl, func(bctx rego.BuiltinContext, args []*ast.Term) (out *ast.Term, err error) {
		defer recoverBuiltin(name, bctx, &err)
		return impl(bctx, bctx.RequestMetadata[runInputsKey], args)
	})
}

func recoverBuiltin(name string, bctx rego.BuiltinContext, err *error) {
	if p := recover(); p != nil {
		*err = &topdown.Error{Code: topdown.BuiltinErr, Message: fmt.Sprintf("%s panicked: %v", name, p), Location: bctx.Location}
	}
}

func compilerBuiltin(b Builtin) *ast.Builtin {
	return &ast.Builtin{Name: b.Decl.Name, Description: b.Decl.Description, Decl: b.Decl.Decl}
}
