# METADATA
# title: disruption-budget-unhealthy-eviction
# description: A PodDisruptionBudget leaves unhealthyPodEvictionPolicy unset, so it defaults to IfHealthyBudget - a running pod that is not Ready (crash-looping, stuck starting) may be evicted only while the budget has room, and when the workload's healthy pods are exactly at the budget those broken pods block every node drain. AlwaysAllow lets drains evict pods that are not Ready, which serve no traffic anyway. Off by default (profile strict).
# custom:
#   id: disruption-budget-unhealthy-eviction
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Set spec.unhealthyPodEvictionPolicy to AlwaysAllow (GA since Kubernetes 1.31), or to IfHealthyBudget explicitly if a not-ready pod must never be evicted (an application that loses data when interrupted while starting).
#   peers: [kube-linter:pdb-unhealthy-pod-eviction-policy]
package poddoctor.lint.disruption_budget_unhealthy_eviction

findings contains f if {
	input.kind == "PodDisruptionBudget"
	object.get(input, ["spec", "unhealthyPodEvictionPolicy"], "") == ""
	f := {
		"msg": sprintf("PodDisruptionBudget %s sets no unhealthyPodEvictionPolicy (IfHealthyBudget): pods that are not Ready can block node drains", [input.metadata.name]),
		"path": "spec",
	}
}
