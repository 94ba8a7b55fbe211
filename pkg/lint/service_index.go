package lint

import "fmt"

// indexServices indexes the Services of an inventory (Related["Service"],
// in its order) by the key and value of every pair of their selectors.
// Rego reads it as inventory.service_index (rules/lib/k8s_semantics.rego,
// candidate_services). Services by name are in inventory.related_names
// (indexRelated).
//
// A Service that selects a pod template matches each pair of its selector
// either with a label the template carries (then it is listed under that
// key and value) or with a label the pods' controller adds, whatever its
// value (then Rego takes every Service listed under that controller key):
// the index may offer a Service that does not match, which Rego tests
// anyway, but never leaves out one that does. A value that is not a
// string can match only a controller's label, so it is listed under its
// text. Without the index, n workloads and n Services cost n² selector
// comparisons in Rego: 100,000 objects took 85 times the CPU of 10,000.
func indexServices(services []any) map[string]map[string][]int {
	bySelector := map[string]map[string][]int{}
	for i, s := range services {
		data, ok := s.(map[string]any)
		if !ok {
			continue
		}
		selector, _ := data["selector"].(map[string]any)
		for key, value := range selector {
			text, ok := value.(string)
			if !ok {
				text = fmt.Sprint(value)
			}
			if bySelector[key] == nil {
				bySelector[key] = map[string][]int{}
			}
			bySelector[key][text] = append(bySelector[key][text], i)
		}
	}
	return bySelector
}
