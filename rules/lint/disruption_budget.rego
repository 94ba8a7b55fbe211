# METADATA
# title: disruption-budget
# description: A PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0, or minAvailable 100% or at least the workload's replicas), so every node drain and cluster upgrade blocks on it; or sets neither minAvailable nor maxUnavailable; or keeps more pods available than the autoscaler's minReplicas, which blocks drains whenever the workload is scaled down.
# custom:
#   id: disruption-budget
#   severity: warning
#   category: availability
#   remedy: Allow at least one pod to be disrupted (maxUnavailable 1, or minAvailable below the replica count and the autoscaler's minReplicas).
#   peers: [kube-linter:pdb-max-unavailable, kube-linter:pdb-min-available, kube-score:poddisruptionbudget-has-policy, polaris:pdbDisruptionsIsZero, polaris:pdbMinAvailableGreaterThanHPAMinReplicas]
package poddoctor.lint.disruption_budget

import data.poddoctor.lib.k8s

spec := k8s.as_object(object.get(input, "spec", {}))

findings contains f if {
	input.kind == "PodDisruptionBudget"
	spec.maxUnavailable in {0, "0%", "0"}
	f := {
		"msg": sprintf("PodDisruptionBudget %s allows no pod to be disrupted (maxUnavailable %v)", [input.metadata.name, spec.maxUnavailable]),
		"path": "spec.maxUnavailable",
	}
}

findings contains f if {
	input.kind == "PodDisruptionBudget"
	spec.minAvailable == "100%"
	f := {
		"msg": sprintf("PodDisruptionBudget %s allows no pod to be disrupted (minAvailable 100%%)", [input.metadata.name]),
		"path": "spec.minAvailable",
	}
}

findings contains f if {
	input.kind == "PodDisruptionBudget"
	not has_key(spec, "minAvailable")
	not has_key(spec, "maxUnavailable")
	f := {
		"msg": sprintf("PodDisruptionBudget %s sets neither minAvailable nor maxUnavailable", [input.metadata.name]),
		"path": "spec",
	}
}

# minAvailable as a number against the workloads in the input it selects.
findings contains f if {
	input.kind == "PodDisruptionBudget"
	is_number(spec.minAvailable)
	some w in selected_workloads
	replicas := replicas_of(w)
	spec.minAvailable >= replicas
	f := {
		"msg": sprintf("PodDisruptionBudget %s keeps %d pods available but %s %s runs %d, so no pod can be disrupted", [input.metadata.name, spec.minAvailable, w.kind, w.name, replicas]),
		"path": "spec.minAvailable",
	}
}

findings contains f if {
	input.kind == "PodDisruptionBudget"
	is_number(spec.minAvailable)
	some w in selected_workloads
	some h in k8s.related("HorizontalPodAutoscaler")
	h.scaleTargetRef.kind == w.kind
	h.scaleTargetRef.name == w.name
	min := object.get(h, "minReplicas", 1)
	spec.minAvailable >= min
	f := {
		"msg": sprintf("PodDisruptionBudget %s keeps %d pods available but HorizontalPodAutoscaler %s may scale %s %s down to %d", [input.metadata.name, spec.minAvailable, h.name, w.kind, w.name, min]),
		"path": "spec.minAvailable",
	}
}

selected_workloads := [t |
	some t in k8s.inventory.templates
	k8s.same_namespace(t.namespace, k8s.namespace_of(input))
	count(object.get(spec, ["selector", "matchLabels"], {})) + count(object.get(spec, ["selector", "matchExpressions"], [])) > 0
	k8s.label_selector_matches(spec.selector, t.labels)
]

has_key(obj, key) if _ = obj[key]

replicas_of(t) := r if {
	some w in k8s.related(t.kind)
	w.name == t.name
	k8s.same_namespace(w.namespace, t.namespace)
	r := object.get(w, "replicas", 1)
	is_number(r)
}
