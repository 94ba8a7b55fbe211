package poddoctor.lint.autoscaler_mismatch_test

import data.poddoctor.lint.autoscaler_mismatch as rule

hpa(target, min) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target}, "minReplicas": min, "maxReplicas": 5}}

inventory := {"complete": true, "kinds": {"Deployment": 1, "HorizontalPodAutoscaler": 1}, "objects": {}, "templates": [{"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web"}, "ports": []}], "related": {"HorizontalPodAutoscaler": [{"namespace": "", "name": "web-hpa", "scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2}]}}

test_target_present if {
	count(rule.findings) == 0 with input as hpa("web", 2) with poddoctor.inventory as inventory
}

test_target_missing if {
	some f in rule.findings with input as hpa("webb", 2) with poddoctor.inventory as inventory
	f.msg == "HorizontalPodAutoscaler web scales Deployment webb, which the input does not define"
}

test_min_one_is_not_this_rule if {
	count(rule.findings) == 0 with input as hpa("web", 1) with poddoctor.inventory as inventory
}

test_replicas_with_hpa if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 3}}
	some f in rule.findings with input as d with poddoctor.inventory as inventory
	f.path == "spec.replicas"
	count(rule.findings) == 0 with input as json.remove(d, ["spec/replicas"]) with poddoctor.inventory as inventory
}
