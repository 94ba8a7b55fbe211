package poddoctor.lint.too_few_replicas_test

import data.poddoctor.lint.too_few_replicas as rule

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": spec}

inventory(hpas) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"HorizontalPodAutoscaler": hpas}}

test_one_or_unset if {
	some f in rule.findings with input as deployment({"replicas": 1}) with poddoctor.inventory as inventory([])
	f.path == "spec.replicas"
	some g in rule.findings with input as deployment({}) with poddoctor.inventory as inventory([])
	g.msg == "Deployment web runs 1 replica"
}

test_enough_or_autoscaled if {
	count(rule.findings) == 0 with input as deployment({"replicas": 3}) with poddoctor.inventory as inventory([])
	hpa := {"namespace": "", "name": "web", "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 2}
	count(rule.findings) == 0 with input as deployment({}) with poddoctor.inventory as inventory([hpa])
}
