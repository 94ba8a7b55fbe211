package poddoctor.lint.default_namespace_test

import data.poddoctor.lint.default_namespace as rule

service(meta) := {"apiVersion": "v1", "kind": "Service", "metadata": object.union({"name": "web"}, meta), "spec": {"ports": [{"port": 80}]}}

test_default_namespace if {
	some f in rule.findings with input as service({"namespace": "default"})
	f.path == "metadata.namespace"
	f.msg == "Service web is put in the default namespace"
}

test_other_or_unset_namespace if {
	count(rule.findings) == 0 with input as service({"namespace": "shop"})
	count(rule.findings) == 0 with input as service({})
}

test_helm_release_namespace if {
	count(rule.findings) == 0 with input as service({"namespace": "default", "labels": {"helm.sh/chart": "web-1.2.0"}})
	count(rule.findings) == 0 with input as service({"namespace": "default", "labels": {"app.kubernetes.io/managed-by": "Helm"}})
	count(rule.findings) == 1 with input as service({"namespace": "default", "labels": {"app.kubernetes.io/managed-by": "kustomize"}})
}
