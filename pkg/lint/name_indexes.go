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

// namedRelatedKinds are the related kinds that objects look up by name
// across the input: an Ingress or APIService its Services, a StatefulSet
// its governing Service, a pod its ServiceAccount, a binding its Role or
// ClusterRole, a PodDisruptionBudget the workloads whose replicas it
// weighs. Only these are indexed by name; Rego scans the kinds left out,
// and for a packed inventory (internal/packed) a scan unpacks every
// entry of the kind.
var namedRelatedKinds = []string{"Service", "ServiceAccount", "Role", "ClusterRole", "Deployment", "StatefulSet", "ReplicaSet"}

// indexRelated lists, for each kind of namedRelatedKinds, the positions in
// Related[kind] of the entries of each name, ascending, and counts the
// entries of each namespace. Rego reads them as inventory.related_names
// and inventory.related_namespaces (rules/lib/k8s.rego, related_named and
// has_related_in): an Ingress finds the Services it routes to, and a pod
// its ServiceAccount, without testing every one of the input, so n
// Ingresses and n Services no longer cost n² comparisons. An entry whose
// name or namespace is not a string is in neither.
func indexRelated(related map[string][]any) (names map[string]map[string][]int, namespaces map[string]map[string]int) {
	names, namespaces = map[string]map[string][]int{}, map[string]map[string]int{}
	for _, kind := range namedRelatedKinds {
		entries, ok := related[kind]
		if !ok {
			continue
		}
		byName, byNamespace := map[string][]int{}, map[string]int{}
		for i, e := range entries {
			name, namespace, ok := relatedIdentity(e)
			if !ok {
				continue
			}
			byName[name] = append(byName[name], i)
			byNamespace[namespace]++
		}
		names[kind], namespaces[kind] = byName, byNamespace
	}
	return names, namespaces
}

// relatedIdentity reads the name and namespace of a related entry.
func relatedIdentity(e any) (name, namespace string, ok bool) {
	switch x := e.(type) {
	case *namedObject:
		return x.Name, x.Namespace, true
	case map[string]any:
		name, nameOK := x["name"].(string)
		namespace, namespaceOK := x["namespace"].(string)
		return name, namespace, nameOK && namespaceOK
	}
	return "", "", false
}
