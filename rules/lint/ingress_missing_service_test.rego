package poddoctor.lint.ingress_missing_service_test

import data.poddoctor.lint.ingress_missing_service as rule

ingress(name, port) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": name, "port": port}}}]}}]}}

inventory := {"complete": true, "kinds": {"Service": 1}, "objects": {}, "templates": [], "related": {"Service": [{"namespace": "", "name": "web", "ports": [{"name": "http", "port": 80}]}]}}

test_service_and_port_present if {
	count(rule.findings) == 0 with input as ingress("web", {"number": 80}) with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as ingress("web", {"name": "http"}) with poddoctor.inventory as inventory
}

test_missing_service_and_port if {
	some f in rule.findings with input as ingress("wbe", {"number": 80}) with poddoctor.inventory as inventory
	f.path == "spec.rules[0].http.paths[0].backend.service"
	some g in rule.findings with input as ingress("web", {"number": 8080}) with poddoctor.inventory as inventory
	g.path == "spec.rules[0].http.paths[0].backend.service.port"
}

test_v1beta1_backend if {
	old := {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": [{"http": {"paths": [{"backend": {"serviceName": "gone", "servicePort": 80}}]}}]}}
	count(rule.findings) == 1 with input as old with poddoctor.inventory as inventory
}

test_v1_with_v1beta1_fields if {
	mixed := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"serviceName": "web", "servicePort": 80}}]}}]}}
	some f in rule.findings with input as mixed with poddoctor.inventory as inventory
	f.path == "spec.rules[0].http.paths[0].backend"
	contains(f.msg, "serviceName web is the v1beta1 field")

	# Without any Service in the input too: the backend is empty whatever the cluster holds.
	count(rule.findings) == 1 with input as mixed with poddoctor.inventory as {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {}}
	resource := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": [{"http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"resource": {"apiGroup": "k8s.example.com", "kind": "StorageBucket", "name": "static"}}}]}}]}}
	count(rule.findings) == 0 with input as resource with poddoctor.inventory as inventory
}
