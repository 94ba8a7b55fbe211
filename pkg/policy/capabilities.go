package policy

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// forbiddenInUserPolicies are the built-ins a team's policy may not call:
// poddoctor runs offline in CI and must not reach the network, read the
// environment or the runtime configuration through a policy.
var forbiddenInUserPolicies = []string{
	"http.send",
	"net.lookup_ip_addr",
	"opa.runtime",
	"rego.parse_module", // parses arbitrary code: no use in a check, and costly
	// trace stays: it only adds a note to a trace nobody collects, and
	// conftest policies call it (conftest test --trace shows the notes).
}

// capabilities returns OPA's capabilities less the built-ins that touch the
// outside world, plus poddoctor's own. Built-in and user policies share one
// compiler, and no built-in policy needs the outside world either, so the
// restriction applies to all of them.
func capabilities(own []builtin) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return slices.Contains(forbiddenInUserPolicies, b.Name)
	})
	caps.AllowNet = []string{}
	for _, b := range own {
		caps.Builtins = append(caps.Builtins, compilerBuiltin(b))
	}
	return caps
}

func compilerBuiltin(b builtin) *ast.Builtin {
	return &ast.Builtin{Name: b.decl.Name, Description: b.decl.Description, Decl: b.decl.Decl}
}
