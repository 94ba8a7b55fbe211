package poddoctor.lint.security_test

import data.poddoctor.lint.dangerous_capabilities
import data.poddoctor.lint.host_namespace
import data.poddoctor.lint.host_path_volume
import data.poddoctor.lint.privilege_escalation
import data.poddoctor.lint.privileged_container
import data.poddoctor.lint.run_as_root

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

locked := {"allowPrivilegeEscalation": false, "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}}

test_privileged if {
	some f in privileged_container.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"privileged": true}}]})
	f.path == "spec.containers[0].securityContext.privileged"
}

test_not_privileged if {
	count(privileged_container.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": locked}]})
}

test_escalation_explicit_and_unset if {
	findings := privilege_escalation.findings with input as pod({"containers": [
		{"name": "a", "image": "a:1", "securityContext": {"allowPrivilegeEscalation": true}},
		{"name": "b", "image": "b:1"},
	]})
	{[f.container, object.get(f, "severity", "")] | some f in findings} == {["a", ""], ["b", "info"]}
}

test_escalation_false_is_quiet if {
	count(privilege_escalation.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": locked}]})
}

test_root_at_pod_level if {
	some f in run_as_root.findings with input as pod({"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "image": "a:1"}]})
	f.path == "spec.securityContext.runAsUser"
	not f.severity
}

test_non_root_is_quiet if {
	count(run_as_root.findings) == 0 with input as pod({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "image": "a:1"}]})
}

test_container_overrides_pod if {
	findings := run_as_root.findings with input as pod({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "image": "a:1", "securityContext": {"runAsUser": 0}}]})
	{f.path | some f in findings} == {"spec.containers[0].securityContext.runAsUser"}
}

test_host_namespaces if {
	findings := host_namespace.findings with input as pod({"hostNetwork": true, "hostPID": false, "hostIPC": true, "containers": []})
	{f.path | some f in findings} == {"spec.hostNetwork", "spec.hostIPC"}
}

test_host_path if {
	some f in host_path_volume.findings with input as pod({"volumes": [{"name": "cfg", "configMap": {"name": "c"}}, {"name": "root", "hostPath": {"path": "/"}}], "containers": []})
	f.path == "spec.volumes[1].hostPath"
	f.msg == "volume \"root\" mounts the node path \"/\" (the node's whole file system), mounted by no container"
}

test_dangerous_caps if {
	findings := dangerous_capabilities.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "CAP_SYS_ADMIN"]}}}]})
	{f.path | some f in findings} == {"spec.containers[0].securityContext.capabilities.add[1]"}
}
