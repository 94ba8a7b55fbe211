package poddoctor.lint.privileged_container_test

import data.poddoctor.lint.privileged_container

deployment(spec) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "node-agent", "namespace": "ops"},
	"spec": {"selector": {"matchLabels": {"app": "node-agent"}}, "template": {"metadata": {"labels": {"app": "node-agent"}}, "spec": spec}},
}

test_privileged_app_container if {
	findings := privileged_container.findings with input as deployment({"containers": [
		{"name": "agent", "image": "registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.19", "securityContext": {"privileged": true}},
		{"name": "sidecar", "image": "busybox:1.36"},
	]})
	count(findings) == 1
	some f in findings
	f.msg == "container \"agent\" runs privileged"
	f.path == "spec.template.spec.containers[0].securityContext.privileged"
	f.container == "agent"
	object.get(f, "severity", "") == ""
}

# Init and ephemeral containers get root on the node as surely as app ones.
test_privileged_init_and_ephemeral if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug"}, "spec": {
		"initContainers": [{"name": "sysctl", "image": "busybox:1.36", "command": ["sysctl", "-w", "vm.max_map_count=262144"], "securityContext": {"privileged": true}}],
		"containers": [{"name": "es", "image": "elasticsearch:8.15.0"}],
		"ephemeralContainers": [{"name": "debugger", "image": "busybox:1.36", "securityContext": {"privileged": true}}],
	}}
	findings := privileged_container.findings with input as pod
	{[f.container, f.path] | some f in findings} == {
		["sysctl", "spec.initContainers[0].securityContext.privileged"],
		["debugger", "spec.ephemeralContainers[0].securityContext.privileged"],
	}
}

test_privileged_false_or_unset_is_quiet if {
	count(privileged_container.findings) == 0 with input as deployment({"containers": [
		{"name": "a", "image": "a:1", "securityContext": {"privileged": false}},
		{"name": "b", "image": "b:1"},
		{"name": "c", "image": "c:1", "securityContext": {"allowPrivilegeEscalation": false}},
	]})
}

# The string "true" is a wrong type the API server rejects (invalid-manifest
# says so); this rule does not guess at it.
test_string_true_is_not_privileged if {
	count(privileged_container.findings) == 0 with input as deployment({"containers": [{"name": "a", "image": "a:1", "securityContext": {"privileged": "true"}}]})
}

# A pod-level securityContext has no privileged field; a stray one there
# (an unknown-field finding) must not make every container privileged.
test_pod_level_privileged_is_not_a_container_setting if {
	count(privileged_container.findings) == 0 with input as deployment({"securityContext": {"privileged": true}, "containers": [{"name": "a", "image": "a:1"}]})
}

# A custom resource named like a workload in another group is not one.
test_custom_resource_is_ignored if {
	cr := {"apiVersion": "example.com/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1", "securityContext": {"privileged": true}}]}}}}
	count(privileged_container.findings) == 0 with input as cr
}
