package poddoctor.lint.disruption_budget_policy_test

import data.poddoctor.lint.disruption_budget_policy as policy

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "api"}, "spec": spec}

# policy/v1 reads a budget with neither field as "evict them all".
test_budget_without_a_policy if {
	findings := policy.findings with input as pdb({"selector": {"matchLabels": {"app": "api"}}})
	count(findings) == 1
	some f in findings
	f.msg == "PodDisruptionBudget api sets neither minAvailable nor maxUnavailable, so it lets every pod be evicted"
	f.path == "spec"
	# no spec at all
	count(policy.findings) == 1 with input as {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "api"}}
}

test_budget_with_a_policy if {
	count(policy.findings) == 0 with input as pdb({"maxUnavailable": 1})
	count(policy.findings) == 0 with input as pdb({"minAvailable": 0})
	# other kinds with a spec are not budgets
	count(policy.findings) == 0 with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {}}
}
