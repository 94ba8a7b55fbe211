package poddoctor.lint.service_monitor_selects_nothing_test

import data.poddoctor.lint.service_monitor_selects_nothing as rule

monitor(spec) := {"apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": {"name": "web", "namespace": "shop"}, "spec": spec}

inventory(services) := {"complete": true, "kinds": {"Service": count(services)}, "objects": {}, "templates": [], "related": {"Service": services}}

web := {"namespace": "shop", "name": "web", "labels": {"app.kubernetes.io/name": "web"}}

test_selects_a_service if {
	count(rule.findings) == 0 with input as monitor({"selector": {"matchLabels": {"app.kubernetes.io/name": "web"}}}) with poddoctor.inventory as inventory([web])
	count(rule.findings) == 0 with input as monitor({"selector": {}}) with poddoctor.inventory as inventory([web])
}

test_selects_nothing if {
	some f in rule.findings with input as monitor({"selector": {"matchLabels": {"app.kubernetes.io/name": "webb"}}}) with poddoctor.inventory as inventory([web])
	f.path == "spec.selector"

	# The Service of another namespace is not watched.
	other := object.union(web, {"namespace": "other"})
	count(rule.findings) == 0 with input as monitor({"selector": {"matchLabels": {"app.kubernetes.io/name": "web"}}}) with poddoctor.inventory as inventory([other])
}

test_other_namespaces_or_no_services_no_opinion if {
	count(rule.findings) == 0 with input as monitor({"selector": {"matchLabels": {"k8s-app": "kubelet"}}, "namespaceSelector": {"matchNames": ["kube-system"]}}) with poddoctor.inventory as inventory([web])
	count(rule.findings) == 0 with input as monitor({"selector": {"matchLabels": {"app": "x"}}}) with poddoctor.inventory as inventory([])
	custom := object.union(monitor({"selector": {"matchLabels": {"app": "x"}}}), {"apiVersion": "example.com/v1"})
	count(rule.findings) == 0 with input as custom with poddoctor.inventory as inventory([web])
}
