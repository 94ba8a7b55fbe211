package poddoctor.lint.duplicate_container_port_test

import data.poddoctor.lint.duplicate_container_port

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": spec}}}

web(port) := {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": port}]}

# pods02.yaml of the seed: nginx and a watcher in one pod, both on 80.
test_two_containers_on_one_port if {
	findings := duplicate_container_port.findings with input as pod({"containers": [
		web(80),
		{"name": "watcher", "image": "watcher:1", "ports": [{"name": "metrics", "containerPort": 9100}, {"containerPort": 80, "protocol": "TCP"}]},
	]})
	count(findings) == 1
	some f in findings
	f.path == "spec.containers[1].ports[1].containerPort"
	f.container == "watcher"
	contains(f.msg, "containerPort 80/TCP, which container \"web\" (spec.containers[0]) declares already")
}

test_in_a_deployment_template if {
	findings := duplicate_container_port.findings with input as deployment({"containers": [web(8080), {"name": "admin", "image": "a:1", "ports": [{"containerPort": 8080}]}]})
	{f.path | some f in findings} == {"spec.template.spec.containers[1].ports[0].containerPort"}
}

test_different_protocols_do_not_clash if {
	count(duplicate_container_port.findings) == 0 with input as pod({"containers": [
		{"name": "dns-tcp", "image": "coredns:1", "ports": [{"containerPort": 53, "protocol": "TCP"}]},
		{"name": "dns-udp", "image": "coredns:1", "ports": [{"containerPort": 53, "protocol": "UDP"}]},
	]})
}

test_same_host_port if {
	findings := duplicate_container_port.findings with input as pod({"containers": [
		{"name": "a", "image": "a:1", "ports": [{"containerPort": 8080, "hostPort": 80}]},
		{"name": "b", "image": "b:1", "ports": [{"containerPort": 9090, "hostPort": 80}]},
	]})
	{f.path | some f in findings} == {"spec.containers[1].ports[0].hostPort"}
}

test_same_host_port_on_different_host_ips if {
	count(duplicate_container_port.findings) == 0 with input as pod({"containers": [
		{"name": "a", "image": "a:1", "ports": [{"containerPort": 8080, "hostPort": 80, "hostIP": "10.0.0.1"}]},
		{"name": "b", "image": "b:1", "ports": [{"containerPort": 9090, "hostPort": 80, "hostIP": "10.0.0.2"}]},
	]})
}

test_plain_init_container_does_not_clash if {
	count(duplicate_container_port.findings) == 0 with input as pod({
		"initContainers": [{"name": "migrate", "image": "m:1", "ports": [{"containerPort": 8080}]}],
		"containers": [web(8080)],
	})
}

test_sidecar_clashes_with_app_container if {
	findings := duplicate_container_port.findings with input as pod({
		"initContainers": [{"name": "proxy", "image": "envoy:1", "restartPolicy": "Always", "ports": [{"containerPort": 8080}]}],
		"containers": [web(8080)],
	})
	{f.path | some f in findings} == {"spec.containers[0].ports[0].containerPort"}
}

test_init_after_a_sidecar_clashes if {
	findings := duplicate_container_port.findings with input as pod({"initContainers": [
		{"name": "proxy", "image": "envoy:1", "restartPolicy": "Always", "ports": [{"containerPort": 15000}]},
		{"name": "setup", "image": "s:1", "ports": [{"containerPort": 15000}]},
	], "containers": [web(80)]})
	{f.path | some f in findings} == {"spec.initContainers[1].ports[0].containerPort"}
}

test_init_before_a_sidecar_does_not_clash if {
	count(duplicate_container_port.findings) == 0 with input as pod({"initContainers": [
		{"name": "setup", "image": "s:1", "ports": [{"containerPort": 15000}]},
		{"name": "proxy", "image": "envoy:1", "restartPolicy": "Always", "ports": [{"containerPort": 15000}]},
	], "containers": [web(80)]})
}

test_three_on_one_port if {
	findings := duplicate_container_port.findings with input as pod({"containers": [web(80), {"name": "b", "image": "b:1", "ports": [{"containerPort": 80}]}, {"name": "c", "image": "c:1", "ports": [{"containerPort": 80}]}]})
	count(findings) == 2
	every f in findings {
		contains(f.msg, "which container \"web\"")
	}
	{f.path | some f in findings} == {"spec.containers[1].ports[0].containerPort", "spec.containers[2].ports[0].containerPort"}
}

test_wrong_shapes_do_not_fail if {
	count(duplicate_container_port.findings) == 0 with input as pod({"containers": [
		{"name": "a", "image": "a:1", "ports": "80"},
		{"name": "b", "image": "b:1", "ports": [7, {"containerPort": "80"}]},
	]})
}
