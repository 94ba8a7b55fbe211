package poddoctor.lint.privilege_escalation_test

import data.poddoctor.lint.privilege_escalation

pod(containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"containers": containers}}

test_explicit_true_is_a_warning if {
	findings := privilege_escalation.findings with input as pod([{"name": "web", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": true, "runAsNonRoot": true}}])
	count(findings) == 1
	some f in findings
	f.msg == "container \"web\" sets allowPrivilegeEscalation: true"
	f.path == "spec.containers[0].securityContext.allowPrivilegeEscalation"
	f.container == "web"
	object.get(f, "severity", "") == ""
}

# Unset means allowed: said, at info, on the container itself.
test_unset_is_info if {
	findings := privilege_escalation.findings with input as pod([{"name": "web", "image": "nginx:1.27", "securityContext": {"runAsNonRoot": true}}])
	count(findings) == 1
	some f in findings
	f.msg == "container \"web\" does not set allowPrivilegeEscalation: false"
	f.path == "spec.containers[0]"
	f.severity == "info"
}

test_no_security_context_is_info if {
	some f in privilege_escalation.findings with input as pod([{"name": "web", "image": "nginx:1.27"}])
	f.severity == "info"
	f.container == "web"
}

test_false_is_quiet if {
	count(privilege_escalation.findings) == 0 with input as pod([
		{"name": "web", "image": "nginx:1.27", "securityContext": {"allowPrivilegeEscalation": false}},
		{"name": "log", "image": "fluent/fluent-bit:3.1", "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true}},
	])
}

# The pod-level securityContext has no allowPrivilegeEscalation: setting it
# there does not set it for the containers.
test_pod_level_setting_does_not_count if {
	p := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"securityContext": {"allowPrivilegeEscalation": false}, "containers": [{"name": "web", "image": "nginx:1.27"}]}}
	{[f.path, f.severity] | some f in privilege_escalation.findings with input as p} == {["spec.containers[0]", "info"]}
}

test_cronjob_paths if {
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "backup"}, "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": {
		"restartPolicy": "OnFailure",
		"containers": [{"name": "backup", "image": "postgres:16", "securityContext": {"allowPrivilegeEscalation": true}}],
	}}}}}}
	{f.path | some f in privilege_escalation.findings with input as cj} == {"spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"}
}

test_objects_without_pods_are_quiet if {
	count(privilege_escalation.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"allowPrivilegeEscalation": "true"}}
}

# On a pod with spec.os.name: windows the API server forbids
# securityContext.allowPrivilegeEscalation ("cannot be set for a windows
# pod", validateWindows in pkg/apis/core/validation, Kubernetes 1.25+), and
# the Pod Security Standards exempt Windows pods from this control.
test_windows_pods_are_not_asked_for_the_field if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "iis"}, "spec": {
		"os": {"name": "windows"},
		"containers": [{"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}],
	}}
	count(privilege_escalation.findings) == 0 with input as pod
	linux := json.patch(pod, [{"op": "replace", "path": "/spec/os/name", "value": "linux"}])
	count(privilege_escalation.findings) == 1 with input as linux
}
