# METADATA
# title: service-monitor-selects-nothing
# description: A Prometheus operator ServiceMonitor selects Services by labels that no Service of the input in its namespace carries, so Prometheus scrapes nothing and the metrics silently go missing (usually a label typo, or a Service renamed by a chart). Checked only when the ServiceMonitor watches its own namespace (no namespaceSelector) and the input defines Services there; a ServiceMonitor of other namespaces (kube-system's kubelet, say) watches Services the input need not hold.
# custom:
#   id: service-monitor-selects-nothing
#   severity: warning
#   category: observability
#   remedy: Make spec.selector match the labels of the Service to scrape (kubectl get svc --show-labels), or set spec.namespaceSelector if the Service lives in another namespace.
#   peers: [kube-linter:dangling-servicemonitor]
package poddoctor.lint.service_monitor_selects_nothing

import data.poddoctor.lib.k8s

services := [s | some s in k8s.related("Service"); k8s.same_namespace(s.namespace, k8s.namespace_of(input))]

findings contains f if {
	input.kind == "ServiceMonitor"
	k8s.api_group == "monitoring.coreos.com"
	k8s.inventory_complete
	count(k8s.as_object(object.get(input, ["spec", "namespaceSelector"], {}))) == 0
	count(services) > 0
	selector := k8s.as_object(object.get(input, ["spec", "selector"], {}))
	not selects_some(selector)
	f := {
		"msg": sprintf("ServiceMonitor %s selects no Service of the input in its namespace", [input.metadata.name]),
		"path": "spec.selector",
	}
}

selects_some(selector) if {
	some s in services
	k8s.label_selector_matches(selector, k8s.as_object(object.get(s, "labels", {})))
}
