package poddoctor.lint.default_service_account_test

import data.poddoctor.lint.default_service_account as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_default_account if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	count(rule.findings) == 1 with input as pod({"serviceAccountName": "default", "containers": [{"name": "a", "image": "a:1"}]})
	count(rule.findings) == 0 with input as pod({"serviceAccountName": "web", "containers": [{"name": "a", "image": "a:1"}]})
}
