package poddoctor.lint.host_namespace_test

import data.poddoctor.lint.host_namespace

daemonset(spec) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet",
	"metadata": {"name": "node-exporter", "namespace": "monitoring"},
	"spec": {"selector": {"matchLabels": {"app": "node-exporter"}}, "template": {"metadata": {"labels": {"app": "node-exporter"}}, "spec": spec}},
}

containers := [{"name": "node-exporter", "image": "quay.io/prometheus/node-exporter:v1.8.2"}]

test_each_host_namespace_is_one_finding if {
	findings := host_namespace.findings with input as daemonset({"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": containers})
	{[f.path, f.msg] | some f in findings} == {
		["spec.template.spec.hostNetwork", "the pod sets hostNetwork: true"],
		["spec.template.spec.hostPID", "the pod sets hostPID: true"],
		["spec.template.spec.hostIPC", "the pod sets hostIPC: true"],
	}
}

test_bare_pod_host_network if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"hostNetwork": true, "dnsPolicy": "ClusterFirstWithHostNet", "containers": containers}}
	findings := host_namespace.findings with input as pod
	count(findings) == 1
	some f in findings
	f.path == "spec.hostNetwork"
	object.get(f, "container", "") == ""
}

test_false_and_unset_are_quiet if {
	count(host_namespace.findings) == 0 with input as daemonset({"hostNetwork": false, "hostPID": false, "containers": containers})
	count(host_namespace.findings) == 0 with input as daemonset({"containers": containers})
}

# hostPort and shareProcessNamespace are other settings, not the node's
# namespaces.
test_host_port_and_shared_pid_are_not_host_namespaces if {
	count(host_namespace.findings) == 0 with input as daemonset({"shareProcessNamespace": true, "containers": [{"name": "a", "image": "a:1", "ports": [{"containerPort": 9100, "hostPort": 9100}]}]})
}

test_custom_resource_is_ignored if {
	count(host_namespace.findings) == 0 with input as {"apiVersion": "example.com/v1", "kind": "DaemonSet", "metadata": {"name": "x"}, "spec": {"template": {"spec": {"hostNetwork": true}}}}
}
