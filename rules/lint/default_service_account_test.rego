package poddoctor.lint.default_service_account_test

import data.poddoctor.lint.default_service_account as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_default_account if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	count(rule.findings) == 1 with input as pod({"serviceAccountName": "default", "containers": [{"name": "a", "image": "a:1"}]})
	count(rule.findings) == 0 with input as pod({"serviceAccountName": "web", "containers": [{"name": "a", "image": "a:1"}]})
}

test_pod_spec_without_containers if {
	count(rule.findings) == 1 with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"serviceAccountName": "default"}}}}
	count(rule.findings) == 0 with input as {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"serviceAccountName": "web"}}}}
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
}
