package poddoctor.lint.autoscaler_min_replicas_test

import data.poddoctor.lint.autoscaler_min_replicas as rule

hpa(spec) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": object.union({"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5}, spec)}

test_min_one_or_unset if {
	some f in rule.findings with input as hpa({"minReplicas": 1})
	f.path == "spec.minReplicas"
	some g in rule.findings with input as hpa({})
	g.path == "spec"
	count(rule.findings) == 0 with input as hpa({"minReplicas": 2})
}
