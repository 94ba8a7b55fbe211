package policy

import (
	"github.com/poddoctor/poddoctor/internal/workloads"
	"github.com/poddoctor/poddoctor/rules"
)

// Library returns the shared helper policies (rules/lib): data.poddoctor.lib,
// with the table of workload kinds written from Go
// (data.poddoctor.lib.workloads, see internal/workloads).
func Library() ([]Module, error) {
	lib, err := ModulesFromFS(rules.FS, "lib", "rules")
	if err != nil {
		return nil, err
	}
	return append(lib, Module{File: workloads.RegoFile, Source: workloads.RegoModule()}), nil
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
