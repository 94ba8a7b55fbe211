package poddoctor.lint.requests_equal_limits_test

import data.poddoctor.lint.requests_equal_limits as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_differs if {
	findings := rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"cpu": "100m", "memory": "1Gi"}, "limits": {"cpu": "0.1", "memory": "2Gi"}}}]})
	{f.msg | some f in findings} == {"container \"a\": memory request 1Gi differs from its limit 2Gi"}
}

test_limit_only_defaults_request if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]})
}

test_request_without_limit if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"cpu": "1"}}}]})
}
