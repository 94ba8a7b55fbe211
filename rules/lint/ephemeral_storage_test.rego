package poddoctor.lint.ephemeral_storage_test

import data.poddoctor.lint.ephemeral_storage as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_missing_limit if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"ephemeral-storage": "1Gi"}}}]})
	f.msg == "container \"a\" sets no ephemeral-storage limit"
}

test_both_set if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"requests": {"ephemeral-storage": "1Gi"}, "limits": {"ephemeral-storage": "2Gi"}}}]})
}

test_limit_alone_defaults_request if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "resources": {"limits": {"ephemeral-storage": "2Gi"}}}]})
}
