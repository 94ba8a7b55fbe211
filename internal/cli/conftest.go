package cli

import (
	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/policy"
)

// conftestFlags are conftest's flags for a team's policies, with its names
// and meaning: which packages run, data documents, and one combined input.
type conftestFlags struct {
	namespaces    []string
	allNamespaces bool
	data          []string
	combine       bool
}

// register adds the flags; withCombine adds --combine too (lint only:
// test-policies has no input to combine).
func (f *conftestFlags) register(cmd *cobra.Command, withCombine bool) {
	fl := cmd.Flags()
	fl.StringSliceVar(&f.namespaces, "namespace", nil, "Rego packages of your --policy files to evaluate, as conftest's --namespace: names or glob patterns such as 'k8s.*' (default main)")
	fl.BoolVar(&f.allNamespaces, "all-namespaces", false, "evaluate every package of your --policy files (conftest's --all-namespaces)")
	fl.StringSliceVarP(&f.data, "data", "d", nil, "YAML or JSON files or directories loaded into data for your policies (conftest's --data)")
	if withCombine {
		fl.BoolVar(&f.combine, "combine", false, "evaluate your policies once on all documents together, input [{path, contents}] (conftest's --combine)")
	}
}

// selection is the namespace selection the flags give, checked.
func (f *conftestFlags) selection() (policy.Conftest, error) {
	c := policy.Conftest{Namespaces: f.namespaces, AllNamespaces: f.allNamespaces}
	return c, c.Validate()
}
