package poddoctor.lint.disruption_budget_test

import data.poddoctor.lint.disruption_budget as rule

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": object.union({"selector": {"matchLabels": {"app": "web"}}}, spec)}

inventory := {"complete": true, "kinds": {}, "objects": {}, "templates": [{"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web"}, "ports": []}], "related": {
	"Deployment": [{"namespace": "", "name": "web", "replicas": 3}],
	"HorizontalPodAutoscaler": [{"namespace": "", "name": "web", "scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2}],
}}

test_no_disruption if {
	count(rule.findings) == 1 with input as pdb({"maxUnavailable": 0}) with poddoctor.inventory as inventory
	count(rule.findings) == 1 with input as pdb({"minAvailable": "100%"}) with poddoctor.inventory as inventory
	count(rule.findings) == 1 with input as pdb({}) with poddoctor.inventory as inventory
}

test_min_available_against_replicas_and_hpa if {
	findings := rule.findings with input as pdb({"minAvailable": 3}) with poddoctor.inventory as inventory
	count(findings) == 2
	some f in rule.findings with input as pdb({"minAvailable": 2}) with poddoctor.inventory as inventory
	contains(f.msg, "may scale Deployment web down to 2")
}

test_fine if {
	count(rule.findings) == 0 with input as pdb({"minAvailable": 1}) with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as pdb({"maxUnavailable": 1}) with poddoctor.inventory as inventory
}
