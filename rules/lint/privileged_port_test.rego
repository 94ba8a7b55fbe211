package poddoctor.lint.privileged_port_test

import data.poddoctor.lint.privileged_port as rule

pod(ports) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1", "ports": ports}]}}

test_low_port if {
	{f.path | some f in rule.findings} == {"spec.containers[0].ports[0].containerPort"} with input as pod([{"containerPort": 80}, {"containerPort": 8080}, {"containerPort": 22}])
}
