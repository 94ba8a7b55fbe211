package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// Builtin is a Go function a program exposes to its policies: the
// declaration the compiler checks calls against and the implementation
// an evaluation calls. The evaluator (pkg/policy/eval) has none of its
// own; the engines inject theirs (pkg/policy/builtin holds poddoctor's).
type Builtin struct {
	Decl *rego.Function
	// Func answers one call. inputs is the eval.Run.Inputs of the
	// evaluation that makes the call (nil in a test run), so that a
	// built-in can answer from what this run knows (the input's inventory,
	// the images a cluster runs) without reading a global or a context
	// value.
	Func func(bctx rego.BuiltinContext, inputs any, args []*ast.Term) (*ast.Term, error)
}
