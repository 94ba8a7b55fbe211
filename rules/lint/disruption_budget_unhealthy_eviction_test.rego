package poddoctor.lint.disruption_budget_unhealthy_eviction_test

import data.poddoctor.lint.disruption_budget_unhealthy_eviction as rule

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": object.union({"selector": {"matchLabels": {"app": "web"}}, "maxUnavailable": 1}, spec)}

test_unset_policy if {
	some f in rule.findings with input as pdb({})
	f.path == "spec"
}

test_explicit_policy if {
	count(rule.findings) == 0 with input as pdb({"unhealthyPodEvictionPolicy": "AlwaysAllow"})
	count(rule.findings) == 0 with input as pdb({"unhealthyPodEvictionPolicy": "IfHealthyBudget"})
}
