package lint

// indexTemplateNames lists, for each name, the positions in templates of
// the pod templates of that name, ascending. Rego reads it as
// inventory.template_names (rules/lib/k8s.rego, templates_named): an
// autoscaler finds the workload it scales without scanning every template,
// so n autoscalers and n workloads no longer cost n² comparisons.
func indexTemplateNames(templates []podTemplate) map[string][]int {
	byName := map[string][]int{}
	for i, t := range templates {
		byName[t.Name] = append(byName[t.Name], i)
	}
	return byName
}

// indexScaleTargets lists, for each name an autoscaler's scaleTargetRef
// names, the positions in autoscalers (Related["HorizontalPodAutoscaler"],
// in its order) of the autoscalers naming it, ascending. Rego reads it as
// inventory.scale_targets (rules/lib/k8s_semantics.rego,
// autoscalers_of): a workload finds its autoscalers without testing every
// autoscaler of the input. A target name that is not a string names no
// workload, so it is not listed.
func indexScaleTargets(autoscalers []any) map[string][]int {
	byTarget := map[string][]int{}
	for i, a := range autoscalers {
		data, _ := a.(map[string]any)
		ref, _ := data["scaleTargetRef"].(map[string]any)
		if name, ok := ref["name"].(string); ok {
			byTarget[name] = append(byTarget[name], i)
		}
	}
	return byTarget
}
