package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/parallel"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// Namespaces under which the built-in rules of each engine live, and the
// shared helpers that produce no findings.
const (
	LintNamespace     = "poddoctor.lint"
	DiagnoseNamespace = "poddoctor.diagnose"
	LibraryNamespace  = "poddoctor.lib"
)

// Parsed is one policy module, parsed, with the rule its METADATA declares.
type Parsed struct {
	Module Module
	AST    *ast.Module
	// Package is the module's package path without "data.".
	Package string
	// Rule is the rule the package-scoped METADATA declares; HasRule is
	// false for helper libraries and user policies without metadata.
	Rule    finding.Rule
	HasRule bool
}

// Load parses the modules of one engine ("lint" or "diagnose"), test
// modules left out, and registers the Go rules and the rule each module's
// METADATA declares. It compiles nothing: listing the rules (`poddoctor
// rules`) and checking --disable ids cost a parse, and a policy that
// would not compile is still listed. A module that does not parse, a file
// loaded twice, malformed METADATA or a duplicate rule id is an error.
func Load(engine string, modules []Module, goRules []finding.Rule) (*Registry, []Parsed, error) {
	if engine != "lint" && engine != "diagnose" {
		return nil, nil, fmt.Errorf("load policies: engine %q, want lint or diagnose", engine)
	}
	registry := NewRegistry()
	for _, r := range goRules {
		if err := registry.Register(r); err != nil {
			return nil, nil, err
		}
	}
	// Parsing is most of a start-up: the modules are parsed on every core,
	// then read in order, so the first error is the same as one by one.
	asts := make([]*ast.Module, len(modules))
	errs := make([]error, len(modules))
	parallel.For(len(modules), parallel.Workers(0), func(i int) {
		if !modules[i].IsTest() {
			asts[i], errs[i] = ParseModule(modules[i])
		}
	})
	seen := make(map[string]bool, len(modules))
	parsed := make([]Parsed, 0, len(modules))
	for i, m := range modules {
		if m.IsTest() {
			continue
		}
		mod, err := asts[i], errs[i]
		if err != nil {
			return nil, nil, err
		}
		if seen[m.File] {
			return nil, nil, fmt.Errorf("policy file %s is loaded twice", m.File)
		}
		seen[m.File] = true
		rule, hasRule, err := PackageRule(mod, m.File, engine)
		if err != nil {
			return nil, nil, err
		}
		if hasRule {
			if err := registry.Register(rule); err != nil {
				return nil, nil, err
			}
		}
		parsed = append(parsed, Parsed{
			Module:  m,
			AST:     mod,
			Package: strings.TrimPrefix(mod.Package.Path.String(), "data."),
			Rule:    rule,
			HasRule: hasRule,
		})
	}
	return registry, parsed, nil
}

// LoadBuiltins is Load over the built-in policies of one engine with a
// team's modules, the Go rules of the engine registered beside them.
func LoadBuiltins(engine string, user []Module, goRules []finding.Rule) (*Registry, []Parsed, error) {
	modules, err := Builtins(engine)
	if err != nil {
		return nil, nil, err
	}
	return Load(engine, append(modules, user...), goRules)
}

// ParseModule parses one Rego v1 module with its METADATA annotations.
func ParseModule(m Module) (*ast.Module, error) {
	mod, err := ast.ParseModuleWithOpts(m.File, m.Source, ast.ParserOptions{
		RegoVersion:       ast.RegoV1,
		ProcessAnnotation: true,
	})
	if err != nil {
		return nil, fmt.Errorf("parse policy %s: %w", m.File, err)
	}
	if mod == nil {
		return nil, fmt.Errorf("parse policy %s: the file holds no package", m.File)
	}
	return mod, nil
}
