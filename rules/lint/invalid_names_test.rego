package poddoctor.lint.invalid_names_test

import data.poddoctor.lint.invalid_name_syntax as rule

deployment(labels, ports) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "labels": labels}, "spec": {"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "a", "image": "a:1", "ports": ports}]}}}}

test_label_values if {
	findings := rule.findings with input as deployment({"ok": "v1.2_3-x", "bad": "-x", "long": concat("", [x | some _ in numbers.range(1, 64); x := "a"])}, [])
	{f.path | some f in findings} == {`metadata.labels["bad"]`, `metadata.labels["long"]`, `spec.template.metadata.labels["bad"]`, `spec.template.metadata.labels["long"]`}
}

test_port_names if {
	findings := rule.findings with input as deployment({}, [{"name": "http", "containerPort": 80}, {"name": "metrics-endpoint-port", "containerPort": 9090}, {"name": "HTTP2", "containerPort": 81}, {"name": "8080", "containerPort": 8080}, {"name": "a--b", "containerPort": 82}, {"name": "http", "containerPort": 83}])
	count(findings) == 5
}

service(ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": ports}}

test_service_ports if {
	findings := rule.findings with input as service([
		{"port": 80, "targetPort": "http"},
		{"port": 81, "targetPort": "n-3456789012345"},
		{"port": 82, "targetPort": "n234567890123456"},
		{"port": 83, "targetPort": 123456},
		{"port": 70000, "targetPort": 8080},
		{"port": 84, "targetPort": 8080, "nodePort": 0},
		{"port": 85, "targetPort": "Metrics"},
	])
	{f.path | some f in findings} == {"spec.ports[2].targetPort", "spec.ports[3].targetPort", "spec.ports[4].port", "spec.ports[6].targetPort"}
	some f in findings
	f.msg == "Service s: spec.ports[3].targetPort 123456 must be between 1 and 65535, inclusive"
}

test_container_port_range if {
	findings := rule.findings with input as deployment({}, [{"containerPort": 8080}, {"containerPort": 123456}, {"containerPort": 0}, {"name": "smtp", "containerPort": null}, {"name": "imap"}])
	{f.path | some f in findings} == {"spec.template.spec.containers[0].ports[1].containerPort", "spec.template.spec.containers[0].ports[2].containerPort", "spec.template.spec.containers[0].ports[3]", "spec.template.spec.containers[0].ports[4]"}
}
