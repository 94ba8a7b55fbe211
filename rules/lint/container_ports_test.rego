package poddoctor.lint.container_ports_test

import data.poddoctor.lint.container_ports as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_host_ssh_and_low_ports if {
	findings := rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "ports": [{"containerPort": 8080, "hostPort": 8080}, {"containerPort": 22}, {"containerPort": 80}, {"containerPort": 8443}]}]})
	{f.path | some f in findings} == {"spec.containers[0].ports[0].hostPort", "spec.containers[0].ports[1].containerPort"}
}

test_host_network_leaves_host_port_to_host_namespace if {
	count(rule.findings) == 0 with input as pod({"hostNetwork": true, "containers": [{"name": "a", "image": "a:1", "ports": [{"containerPort": 9100, "hostPort": 9100}]}]})
}
