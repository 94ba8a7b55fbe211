# METADATA
# title: disruption-budget
# description: A PodDisruptionBudget allows no voluntary disruption (maxUnavailable 0, or minAvailable 100% or at least the workload's replicas), so every node drain and cluster upgrade blocks on it; or keeps as many pods available as the autoscaler's minReplicas, which blocks drains whenever the workload is scaled down (the autoscaler, not spec.replicas, sets the size of an autoscaled workload). A percentage above 100% is the API server's validation error. disruption-budget-policy reports a budget that sets neither field.
# custom:
#   id: disruption-budget
#   severity: warning
#   category: availability
#   remedy: Allow at least one pod to be disrupted (maxUnavailable 1, or minAvailable below the replica count and the autoscaler's minReplicas).
#   peers: [kube-linter:pdb-max-unavailable, kube-linter:pdb-min-available, polaris:pdbDisruptionsIsZero, polaris:pdbMinAvailableGreaterThanHPAMinReplicas]
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

# The API server's own message (pkg/apis/policy/validation,
# kube-apiserver v1.37): spec.minAvailable: Invalid value: "150%": must not
# be greater than 100%.
findings contains f if {
	input.kind == "PodDisruptionBudget"
	some field in ["minAvailable", "maxUnavailable"]
	percent := percentage(spec[field])
	percent > 100
	f := {
		"msg": sprintf("PodDisruptionBudget %s: spec.%s: Invalid value: %q: must not be greater than 100%%; the API server rejects it", [input.metadata.name, field, spec[field]]),
		"path": sprintf("spec.%s", [field]),
		"severity": "error",
	}
}

percentage(v) := to_number(trim_suffix(v, "%")) if {
	is_string(v)
	regex.match(`^[0-9]+%$`, v)
}

# minAvailable as a number against the workloads in the input it selects.
findings contains f if {
	input.kind == "PodDisruptionBudget"
	is_number(spec.minAvailable)
	some w in selected_workloads
	not autoscaled(w) # the autoscaler's minReplicas decides, below
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
	some h in k8s.autoscalers_of(w.name)
	h.scaleTargetRef.kind == w.kind
	h.scaleTargetRef.name == w.name
	k8s.same_namespace(h.namespace, w.namespace)
	min := object.get(h, "minReplicas", 1)
	spec.minAvailable >= min
	f := {
		"msg": sprintf("PodDisruptionBudget %s keeps %d pods available but HorizontalPodAutoscaler %s may scale %s %s down to %d", [input.metadata.name, spec.minAvailable, h.name, w.kind, w.name, min]),
		"path": "spec.minAvailable",
	}
}

selected_workloads := [t |
	selector := k8s.as_object(object.get(spec, "selector", {}))
	count(k8s.as_object(object.get(selector, "matchLabels", {}))) + count(k8s.as_array(object.get(selector, "matchExpressions", []))) > 0
	some t in k8s.label_selected_templates(spec.selector, k8s.namespace_of(input))
]

# autoscaled holds when a HorizontalPodAutoscaler of the input scales the
# workload: its replicas field, often left unset then, is not its size.
autoscaled(w) if {
	some h in k8s.autoscalers_of(w.name)
	h.scaleTargetRef.kind == w.kind
	h.scaleTargetRef.name == w.name
	k8s.same_namespace(h.namespace, w.namespace)
}

replicas_of(t) := r if {
	some w in k8s.related_named(t.kind, t.name)
	w.name == t.name
	k8s.same_namespace(w.namespace, t.namespace)
	r := object.get(w, "replicas", 1)
	is_number(r)
}
