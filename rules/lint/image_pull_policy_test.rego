package poddoctor.lint.image_pull_policy_test

import data.poddoctor.lint.image_pull_policy as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_if_not_present if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent"}]})
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "nginx:1.27"}]})
}

test_always_latest_or_digest if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "nginx:1.27", "imagePullPolicy": "Always"}]})
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "nginx"}]})
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "nginx@sha256:0123456789012345678901234567890123456789012345678901234567890123"}]})
}
