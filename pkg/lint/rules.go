package lint

import "github.com/poddoctor/poddoctor/pkg/policy"

// LoadRules returns the registry of the lint rules, built-in and from a
// team's policies, the Go rules included, as New would build it but
// without compiling a policy: listing the rules (`poddoctor rules`) and
// checking --disable and --enable ids cost a parse of each module.
func LoadRules(policies []policy.Module) (*policy.Registry, error) {
	registry, _, err := policy.LoadBuiltins("lint", policies, goRules)
	return registry, err
}
