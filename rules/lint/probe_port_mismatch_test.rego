package poddoctor.lint.probe_port_mismatch_test

import data.poddoctor.lint.probe_port_mismatch as rule

pod(container) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [container]}}

test_unknown_name if {
	findings := rule.findings with input as pod({"name": "a", "image": "a:1", "ports": [{"name": "http", "containerPort": 8080}], "livenessProbe": {"httpGet": {"path": "/", "port": "htpp"}}})
	some f in findings
	f.path == "spec.containers[0].livenessProbe.httpGet.port"
	not f.severity
}

test_undeclared_number_is_info if {
	findings := rule.findings with input as pod({"name": "a", "image": "a:1", "ports": [{"containerPort": 8080}], "readinessProbe": {"tcpSocket": {"port": 9090}}})
	some f in findings
	f.severity == "info"
}

test_matching_ports if {
	c := {"name": "a", "image": "a:1", "ports": [{"name": "http", "containerPort": 8080}], "livenessProbe": {"httpGet": {"port": "http"}}, "readinessProbe": {"httpGet": {"port": 8080}}}
	count(rule.findings) == 0 with input as pod(c)
}

test_number_without_declared_ports if {
	count(rule.findings) == 0 with input as pod({"name": "a", "image": "a:1", "readinessProbe": {"tcpSocket": {"port": 5432}}})
}
