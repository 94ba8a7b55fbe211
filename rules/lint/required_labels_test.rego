package poddoctor.lint.required_labels_test

import data.poddoctor.lint.required_labels

deployment(meta) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": object.union({"name": "web"}, meta), "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}}

labels := {"required-labels": {"labels": {"owner": "", "tier": "front|back"}}}

test_required_labels if {
	msgs := {f.msg | some f in required_labels.findings} with input as deployment({"labels": {"tier": "middle"}}) with data.poddoctor.params as labels
	msgs == {"Deployment web: label owner is missing", "Deployment web: label tier has the value \"middle\", which does not match ^(front|back)$"}
	count(required_labels.findings) == 0 with input as deployment({"labels": {"owner": "shop", "tier": "front"}}) with data.poddoctor.params as labels
}

test_only_configured_and_only_workloads if {
	count(required_labels.findings) == 0 with input as deployment({})
	count(required_labels.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}} with data.poddoctor.params as labels
	kinds := {"required-labels": {"labels": {"owner": ""}, "kinds": ["ConfigMap"]}}
	count(required_labels.findings) == 1 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}} with data.poddoctor.params as kinds
	count(required_labels.findings) == 0 with input as deployment({}) with data.poddoctor.params as kinds
}
