package lint

import "github.com/open-policy-agent/opa/v1/ast"

// selectorKinds are the related kinds whose label selector picks pods, and
// the field of Related that holds it: a workload looks for the budgets and
// policies that select its pods (missing-disruption-budget,
// network-policy-coverage).
var selectorKinds = map[string]string{
	"PodDisruptionBudget": "selector",
	"NetworkPolicy":       "podSelector",
}

// selectorIndex lists the objects of one related kind by the pairs of
// their selector's matchLabels: under each key and value, the positions in
// Related[kind] of the objects whose matchLabels hold it, ascending.
// Other lists the objects whose selector the pairs cannot narrow (no
// matchLabels, matchLabels of another type or with a value that is not a
// string): they are candidates for every pod.
//
// A selector matches pods only if they carry every pair of its
// matchLabels, so the objects listed under one of a template's labels,
// with Other, include every object that selects the template: Rego
// (k8s.selecting_candidates) tests those instead of every object of the
// kind, and n workloads with n budgets no longer cost n² selector tests.
type selectorIndex struct {
	Pairs map[string]map[string][]int `json:"pairs"`
	Other []int                       `json:"other"`
}

// indexSelectors builds the selectorIndex of each kind of selectorKinds
// the related objects hold.
func indexSelectors(related map[string][]any) map[string]selectorIndex {
	out := map[string]selectorIndex{}
	for kind, field := range selectorKinds {
		objects, ok := related[kind]
		if !ok {
			continue
		}
		idx := selectorIndex{Pairs: map[string]map[string][]int{}, Other: []int{}}
		for i, o := range objects {
			data, _ := o.(map[string]any)
			selector, _ := data[field].(map[string]any)
			labels, _ := selector["matchLabels"].(map[string]any)
			if len(labels) == 0 || !allStrings(labels) {
				idx.Other = append(idx.Other, i)
				continue
			}
			for k, v := range labels {
				if idx.Pairs[k] == nil {
					idx.Pairs[k] = map[string][]int{}
				}
				idx.Pairs[k][v.(string)] = append(idx.Pairs[k][v.(string)], i)
			}
		}
		out[kind] = idx
	}
	return out
}

func allStrings(m map[string]any) bool {
	for _, v := range m {
		if _, ok := v.(string); !ok {
			return false
		}
	}
	return true
}

// selectorIndexTerm converts the selector indexes for Rego.
func (b termBuilder) selectorIndexTerm(idx map[string]selectorIndex) *ast.Term {
	obj := ast.NewObjectWithCapacity(len(idx))
	for kind, s := range idx {
		obj.Insert(b.str(kind), ast.ObjectTerm(
			ast.Item(b.str("pairs"), b.index(s.Pairs)),
			ast.Item(b.str("other"), b.positionList(s.Other)),
		))
	}
	return ast.NewTerm(obj)
}
