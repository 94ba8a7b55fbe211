package poddoctor.lint.disruption_budget_test

import data.poddoctor.lint.disruption_budget as rule
import data.poddoctor.lint.disruption_budget_policy as policy

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": object.union({"selector": {"matchLabels": {"app": "web"}}}, spec)}

template := {"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web"}, "ports": []}

inventory := {"complete": true, "kinds": {}, "objects": {}, "templates": [template], "related": {
	"Deployment": [{"namespace": "", "name": "web", "replicas": 3}],
	"HorizontalPodAutoscaler": [{"namespace": "", "name": "web", "scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2}],
}}

# The same Deployment with no autoscaler.
fixed := {"complete": true, "kinds": {}, "objects": {}, "templates": [template], "related": {"Deployment": [{"namespace": "", "name": "web", "replicas": 3}]}}

test_no_disruption if {
	count(rule.findings) == 1 with input as pdb({"maxUnavailable": 0}) with poddoctor.inventory as inventory
	count(rule.findings) == 1 with input as pdb({"minAvailable": "100%"}) with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as pdb({}) with poddoctor.inventory as inventory
}

test_percentage_above_100_is_rejected if {
	some f in rule.findings with input as pdb({"minAvailable": "150%"}) with poddoctor.inventory as inventory
	f.severity == "error"
	f.msg == "PodDisruptionBudget web: spec.minAvailable: Invalid value: \"150%\": must not be greater than 100%; the API server rejects it"
}

test_min_available_against_replicas if {
	some f in rule.findings with input as pdb({"minAvailable": 3}) with poddoctor.inventory as fixed
	f.msg == "PodDisruptionBudget web keeps 3 pods available but Deployment web runs 3, so no pod can be disrupted"
	count(rule.findings) == 0 with input as pdb({"minAvailable": 2}) with poddoctor.inventory as fixed
}

test_autoscaled_workload_is_sized_by_its_autoscaler if {
	# spec.replicas 3 does not count: the autoscaler may go down to 2.
	findings := rule.findings with input as pdb({"minAvailable": 3}) with poddoctor.inventory as inventory
	count(findings) == 1
	some f in rule.findings with input as pdb({"minAvailable": 2}) with poddoctor.inventory as inventory
	contains(f.msg, "may scale Deployment web down to 2")
	# Replicas left unset under an autoscaler with minReplicas 5.
	five := json.patch(inventory, [
		{"op": "replace", "path": "/related/Deployment/0", "value": {"namespace": "", "name": "web"}},
		{"op": "replace", "path": "/related/HorizontalPodAutoscaler/0/minReplicas", "value": 5},
	])
	count(rule.findings) == 0 with input as pdb({"minAvailable": 2}) with poddoctor.inventory as five
}

test_fine if {
	count(rule.findings) == 0 with input as pdb({"minAvailable": 1}) with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as pdb({"maxUnavailable": 1}) with poddoctor.inventory as inventory
}

test_no_policy if {
	some f in policy.findings with input as pdb({})
	f.msg == "PodDisruptionBudget web sets neither minAvailable nor maxUnavailable, so it lets every pod be evicted"
	count(policy.findings) == 1 with input as pdb({"minAvailable": null})
	count(policy.findings) == 0 with input as pdb({"maxUnavailable": 0})
	count(policy.findings) == 0 with input as pdb({"minAvailable": "50%"})
}
