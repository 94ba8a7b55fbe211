package poddoctor.lint.missing_cpu_limit_test

import data.poddoctor.lint.missing_cpu_limit as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_missing_and_set if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"cpu": "100m"}}}]})
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"limits": {"cpu": "1"}}}]})
}
