package poddoctor.lint.service_account_token_test

import data.poddoctor.lint.service_account_token_automount as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_automount if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	count(rule.findings) == 0 with input as pod({"automountServiceAccountToken": false, "containers": [{"name": "a", "image": "a:1"}]})
}
