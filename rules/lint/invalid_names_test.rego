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
