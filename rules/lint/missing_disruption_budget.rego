# METADATA
# title: missing-disruption-budget
# description: No PodDisruptionBudget of the input selects the pods of this Deployment or StatefulSet, so a node drain or cluster upgrade may evict all of its replicas at once. Off by default (profile strict) - budgets are often managed apart from the application.
# custom:
#   id: missing-disruption-budget
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Add a PodDisruptionBudget whose selector matches the pod labels, with maxUnavailable 1 (or minAvailable below the replica count).
#   peers: [kube-score:deployment-has-poddisruptionbudget, kube-score:statefulset-has-poddisruptionbudget, polaris:missingPodDisruptionBudget]
package poddoctor.lint.missing_disruption_budget

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind in {"Deployment", "StatefulSet"}
	k8s.inventory_complete
	not covered
	f := {
		"msg": sprintf("no PodDisruptionBudget of the input selects the pods of %s %s", [input.kind, input.metadata.name]),
		"path": "spec.template.metadata",
	}
}

covered if {
	some p in k8s.selecting_candidates("PodDisruptionBudget", k8s.template_labels)
	k8s.same_namespace(p.namespace, k8s.namespace_of(input))
	selector := k8s.as_object(object.get(p, "selector", {}))
	count(k8s.as_object(object.get(selector, "matchLabels", {}))) + count(k8s.as_array(object.get(selector, "matchExpressions", []))) > 0
	k8s.label_selector_matches(selector, k8s.template_labels)
}
