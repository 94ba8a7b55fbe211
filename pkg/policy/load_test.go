package policy

import (
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestLoadReadsRulesWithoutCompiling loads a team rule whose body no
// compiler accepts (an undefined function): Load reads its METADATA all
// the same, beside the built-in and Go rules, which is what `rules` and
// the --disable check rely on.
func TestLoadReadsRulesWithoutCompiling(t *testing.T) {
	team := Module{File: "team/typo.rego", User: true, Source: `# METADATA
# description: Calls a function that does not exist.
# custom:
#   id: team-typo
#   severity: warning
#   remedy: Fix the policy.
package team.typo

findings contains {"msg": "x"} if no_such_function(input.kind)
`}
	goRule := finding.Rule{ID: "go-rule", Engine: "lint", Severity: finding.Error, Description: "d", Remedy: "r", Source: "go"}
	registry, parsed, err := LoadBuiltins("lint", []Module{team}, []finding.Rule{goRule})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"team-typo", "go-rule", "latest-tag"} {
		if _, ok := registry.Lookup(id); !ok {
			t.Errorf("rule %s is not in the registry", id)
		}
	}
	last := parsed[len(parsed)-1]
	if last.Module.File != team.File || last.Package != "team.typo" || !last.HasRule || last.Rule.ID != "team-typo" {
		t.Errorf("the team module is read as %+v", last)
	}
	for _, p := range parsed {
		if p.Module.IsTest() {
			t.Errorf("test module %s is loaded", p.Module.File)
		}
	}
}

// TestLoadErrors: what Load refuses, it refuses naming the file.
func TestLoadErrors(t *testing.T) {
	meta := func(id string) string {
		return "# METADATA\n# description: d\n# custom:\n#   id: " + id + "\n#   severity: info\n#   remedy: r\npackage team." + strings.ReplaceAll(id, "-", "_") + "\n"
	}
	tests := map[string]struct {
		modules []Module
		want    string
	}{
		"syntax":         {[]Module{{File: "a.rego", Source: "package a\n\nx := {"}}, "a.rego"},
		"no package":     {[]Module{{File: "b.rego", Source: "# only a comment\n"}}, "b.rego"},
		"loaded twice":   {[]Module{{File: "c.rego", Source: "package c\n"}, {File: "c.rego", Source: "package c\n"}}, "c.rego is loaded twice"},
		"duplicate id":   {[]Module{{File: "d.rego", Source: meta("dup-rule")}, {File: "e.rego", Source: meta("dup-rule")}}, `"dup-rule" is registered twice`},
		"bad severity":   {[]Module{{File: "f.rego", Source: strings.Replace(meta("sev-rule"), "info", "fatal", 1)}}, "f.rego"},
		"unknown engine": {nil, "engine"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			engine := "lint"
			if name == "unknown engine" {
				engine = "deploy"
			}
			_, _, err := Load(engine, tt.modules, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load: error %v, want one naming %q", err, tt.want)
			}
		})
	}
}
