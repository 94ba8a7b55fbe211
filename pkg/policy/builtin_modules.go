package policy

import "github.com/poddoctor/poddoctor/rules"

// Library returns the shared helper policies (rules/lib): data.poddoctor.lib.
func Library() ([]Module, error) {
	return ModulesFromFS(rules.FS, "lib", "rules")
}

// Builtins returns the built-in policies of one engine ("lint" or
// "diagnose") with the helper library, tests included (engines skip them).
func Builtins(engine string) ([]Module, error) {
	lib, err := Library()
	if err != nil {
		return nil, err
	}
	own, err := ModulesFromFS(rules.FS, engine, "rules")
	if err != nil {
		return nil, err
	}
	return append(lib, own...), nil
}
