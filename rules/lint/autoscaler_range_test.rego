package poddoctor.lint.autoscaler_range_test

import data.poddoctor.lint.autoscaler_range as rule

hpa(spec) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": object.union({"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}, spec)}

test_fixed_size if {
	some f in rule.findings with input as hpa({"minReplicas": 5, "maxReplicas": 5})
	f.msg == "HorizontalPodAutoscaler web has maxReplicas equal to minReplicas (5), so it never scales"
	# minReplicas defaults to 1.
	count(rule.findings) == 1 with input as hpa({"maxReplicas": 1})
}

test_max_below_min_is_rejected if {
	some f in rule.findings with input as hpa({"minReplicas": 3, "maxReplicas": 2})
	f.severity == "error"
	f.msg == "HorizontalPodAutoscaler web: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas` (3); the API server rejects it"
}

test_can_scale if {
	count(rule.findings) == 0 with input as hpa({"minReplicas": 5, "maxReplicas": 10})
	count(rule.findings) == 0 with input as hpa({"maxReplicas": 10})
	count(rule.findings) == 0 with input as hpa({"minReplicas": 2})
}
