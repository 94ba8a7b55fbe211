package poddoctor.lint.missing_resource_requests_test

import data.poddoctor.lint.missing_resource_requests as rule

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}]}}

test_none if {
	some f in rule.findings with input as pod({})
	f.msg == "container \"app\" has no cpu or memory request"
	f.path == "spec.containers[0].resources"
}

test_memory_missing if {
	some f in rule.findings with input as pod({"requests": {"cpu": "100m"}})
	f.msg == "container \"app\" has no memory request"
}

test_limits_default_requests if {
	count(rule.findings) == 0 with input as pod({"limits": {"cpu": "1", "memory": "256Mi"}})
}

test_both_set if {
	count(rule.findings) == 0 with input as pod({"requests": {"cpu": "100m", "memory": "128Mi"}})
}
