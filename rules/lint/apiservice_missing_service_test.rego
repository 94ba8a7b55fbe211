package poddoctor.lint.apiservice_missing_service_test

import data.poddoctor.lint.apiservice_missing_service as rule

# As metrics-server's chart renders it (kubernetes-sigs/metrics-server
# charts/metrics-server/templates/apiservice.yaml): port unset, so 443.
apiservice(svc) := {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "v1beta1.metrics.k8s.io"}, "spec": {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100, "service": svc}}

inventory(ports) := {"complete": true, "kinds": {"Service": 1}, "objects": {}, "templates": [], "related": {"Service": [{"namespace": "kube-system", "name": "metrics-server", "ports": ports}]}}

https := [{"name": "https", "port": 443, "targetPort": "https"}]

test_service_and_default_port_present if {
	count(rule.findings) == 0 with input as apiservice({"name": "metrics-server", "namespace": "kube-system"}) with poddoctor.inventory as inventory(https)
	count(rule.findings) == 0 with input as apiservice({"name": "metrics-server", "namespace": "kube-system", "port": 443}) with poddoctor.inventory as inventory(https)
}

test_missing_service if {
	some f in rule.findings with input as apiservice({"name": "metric-server", "namespace": "kube-system"}) with poddoctor.inventory as inventory(https)
	f.path == "spec.service.name"
	f.msg == "APIService v1beta1.metrics.k8s.io hands metrics.k8s.io/v1beta1 to the Service kube-system/metric-server, which the input does not define"
}

test_port_not_exposed if {
	some f in rule.findings with input as apiservice({"name": "metrics-server", "namespace": "kube-system"}) with poddoctor.inventory as inventory([{"name": "https", "port": 4443}])
	f.path == "spec.service"
	contains(f.msg, "to port 443 of the Service kube-system/metrics-server, which exposes 4443")
	some g in rule.findings with input as apiservice({"name": "metrics-server", "namespace": "kube-system", "port": 8443}) with poddoctor.inventory as inventory(https)
	g.path == "spec.service.port"
}

# No Service of that namespace in the input, an incomplete inventory, or
# a local APIService (no service): nothing to judge.
test_not_judged if {
	other := {"complete": true, "kinds": {"Service": 1}, "objects": {}, "templates": [], "related": {"Service": [{"namespace": "monitoring", "name": "x", "ports": https}]}}
	count(rule.findings) == 0 with input as apiservice({"name": "metric-server", "namespace": "kube-system"}) with poddoctor.inventory as other
	incomplete := object.union(inventory(https), {"complete": false})
	count(rule.findings) == 0 with input as apiservice({"name": "metric-server", "namespace": "kube-system"}) with poddoctor.inventory as incomplete
	local := {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "v1.apps"}, "spec": {"group": "apps", "version": "v1", "groupPriorityMinimum": 17800, "versionPriority": 15}}
	count(rule.findings) == 0 with input as local with poddoctor.inventory as inventory(https)
}
