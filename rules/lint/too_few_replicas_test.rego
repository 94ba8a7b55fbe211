package poddoctor.lint.too_few_replicas_test

import data.poddoctor.lint.too_few_replicas as rule

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": spec}

inventory(hpas) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"HorizontalPodAutoscaler": hpas}}

test_one_or_unset if {
	some f in rule.findings with input as deployment({"replicas": 1}) with poddoctor.inventory as inventory([])
	f.path == "spec.replicas"
	some g in rule.findings with input as deployment({}) with poddoctor.inventory as inventory([])
	g.msg == "Deployment web runs 1 replica (fewer than 3)"
}

test_enough_or_autoscaled if {
	count(rule.findings) == 0 with input as deployment({"replicas": 3}) with poddoctor.inventory as inventory([])
	hpa := {"namespace": "", "name": "web", "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 2}
	count(rule.findings) == 0 with input as deployment({}) with poddoctor.inventory as inventory([hpa])
}

test_two_is_too_few_by_default if {
	count(rule.findings) == 1 with input as deployment({"replicas": 2}) with poddoctor.inventory as inventory([])
}

test_configured_minimum if {
	params := {"too-few-replicas": {"min-replicas": 2}}
	count(rule.findings) == 0 with input as deployment({"replicas": 2}) with poddoctor.inventory as inventory([]) with data.poddoctor.params as params
	some f in rule.findings with input as deployment({"replicas": 1}) with poddoctor.inventory as inventory([]) with data.poddoctor.params as params
	f.msg == "Deployment web runs 1 replica (fewer than 2)"
}
