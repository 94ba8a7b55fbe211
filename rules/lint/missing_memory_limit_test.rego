package poddoctor.lint.missing_memory_limit_test

import data.poddoctor.lint.missing_memory_limit as rule

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}]}}

test_missing if {
	some f in rule.findings with input as pod({"requests": {"memory": "64Mi"}})
	f.container == "app"
}

test_set if {
	count(rule.findings) == 0 with input as pod({"limits": {"memory": "64Mi"}})
}
