package cli

import (
	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// conftestFlags are conftest's flags for a team's policies, with its names
// and meaning: which packages run, data documents, and one combined input.
type conftestFlags struct {
	// flag and allFlag are the names register gave the namespace flags.
	flag, allFlag string
	namespaces    []string
	allNamespaces bool
	data          []string
	combine       bool
}

// register adds the flags. On lint (forLint) the package selection is
// --policy-namespace and --all-policy-namespaces, because there, as in
// kubectl, helm and poddoctor diagnose, -n/--namespace is a Kubernetes
// namespace (the one a chart is rendered into); lint also gets --combine.
// test-policies, which has no Kubernetes namespace, keeps conftest verify's
// own names, --namespace and --all-namespaces.
func (f *conftestFlags) register(cmd *cobra.Command, forLint bool) {
	fl := cmd.Flags()
	namespace, all := "namespace", "all-namespaces"
	if forLint {
		namespace, all = "policy-namespace", "all-policy-namespaces"
	}
	f.flag, f.allFlag = "--"+namespace, "--"+all
	fl.StringSliceVar(&f.namespaces, namespace, nil, "Rego packages of your --policy files to evaluate, as conftest's --namespace: names or glob patterns such as 'k8s.*' (default main)")
	fl.BoolVar(&f.allNamespaces, all, false, "evaluate every package of your --policy files (conftest's --all-namespaces)")
	fl.StringSliceVarP(&f.data, "data", "d", nil, "YAML or JSON files or directories loaded into data for your policies (conftest's --data)")
	if forLint {
		fl.BoolVar(&f.combine, "combine", false, "evaluate your policies once on all documents together, input [{path, contents}] (conftest's --combine)")
	}
}

// load checks the namespace selection the flags give and reads the --data
// documents.
func (f *conftestFlags) load() (eval.Conftest, map[string]any, error) {
	c := eval.Conftest{Namespaces: f.namespaces, AllNamespaces: f.allNamespaces, Flag: f.flag, AllFlag: f.allFlag}
	if err := c.Validate(); err != nil {
		return c, nil, err
	}
	documents, err := eval.LoadData(f.data)
	return c, documents, err
}
