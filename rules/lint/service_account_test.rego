package poddoctor.lint.service_account_test

import data.poddoctor.lint.deprecated_service_account_field as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_deprecated_field if {
	some f in rule.findings with input as pod({"serviceAccount": "builder", "containers": []})
	f.path == "spec.serviceAccount"
	count(rule.findings) == 0 with input as pod({"serviceAccountName": "builder", "containers": []})
}
