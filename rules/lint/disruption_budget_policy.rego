# METADATA
# title: disruption-budget-policy
# description: A PodDisruptionBudget sets neither minAvailable nor maxUnavailable. Under policy/v1 such a budget allows every pod to be evicted, so it protects nothing while looking as if it did (the retired policy/v1beta1 defaulted it to minAvailable 1).
# custom:
#   id: disruption-budget-policy
#   severity: warning
#   category: availability
#   remedy: Set maxUnavailable 1 (or minAvailable below the replica count), or delete the budget.
#   peers: [kube-score:poddisruptionbudget-has-policy]
package poddoctor.lint.disruption_budget_policy

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind == "PodDisruptionBudget"
	spec := k8s.as_object(object.get(input, "spec", {}))
	object.get(spec, "minAvailable", null) == null
	object.get(spec, "maxUnavailable", null) == null
	f := {
		"msg": sprintf("PodDisruptionBudget %s sets neither minAvailable nor maxUnavailable, so it lets every pod be evicted", [input.metadata.name]),
		"path": "spec",
	}
}
