package poddoctor.lint.run_as_root_test

import data.poddoctor.lint.run_as_root

statefulset(spec) := {
	"apiVersion": "apps/v1", "kind": "StatefulSet",
	"metadata": {"name": "db", "namespace": "data"},
	"spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}}, "template": {"metadata": {"labels": {"app": "db"}}, "spec": spec}},
}

test_container_run_as_user_zero if {
	findings := run_as_root.findings with input as statefulset({"containers": [{"name": "postgres", "image": "postgres:16", "securityContext": {"runAsUser": 0}}]})
	count(findings) == 1
	some f in findings
	f.msg == "container \"postgres\" runs as root (runAsUser: 0)"
	f.path == "spec.template.spec.containers[0].securityContext.runAsUser"
	f.container == "postgres"
	object.get(f, "severity", "") == ""
}

# The pod's runAsUser: 0 is inherited by every container that does not
# override it; the finding points at the pod-level field.
test_pod_run_as_user_zero_inherited if {
	findings := run_as_root.findings with input as statefulset({"securityContext": {"runAsUser": 0, "fsGroup": 999}, "containers": [
		{"name": "postgres", "image": "postgres:16"},
		{"name": "exporter", "image": "prometheuscommunity/postgres-exporter:v0.15.0", "securityContext": {"runAsUser": 65534}},
	]})
	{[f.container, f.path] | some f in findings} == {["postgres", "spec.template.spec.securityContext.runAsUser"]}
}

test_run_as_non_root_unset_is_info if {
	findings := run_as_root.findings with input as statefulset({"containers": [{"name": "postgres", "image": "postgres:16"}]})
	count(findings) == 1
	some f in findings
	f.msg == "container \"postgres\" may run as root: runAsNonRoot is not set"
	f.path == "spec.template.spec.containers[0]"
	f.severity == "info"
}

test_non_root_settings_are_quiet if {
	# runAsNonRoot at the pod level
	count(run_as_root.findings) == 0 with input as statefulset({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "image": "a:1"}]})
	# runAsNonRoot on the container
	count(run_as_root.findings) == 0 with input as statefulset({"containers": [{"name": "a", "image": "a:1", "securityContext": {"runAsNonRoot": true}}]})
	# a non-zero user id, without runAsNonRoot
	count(run_as_root.findings) == 0 with input as statefulset({"securityContext": {"runAsUser": 1000, "runAsGroup": 1000}, "containers": [{"name": "a", "image": "a:1"}]})
}

# A container's runAsUser wins over the pod's: a non-root container under a
# root pod default is not root.
test_container_overrides_pod_root if {
	count(run_as_root.findings) == 0 with input as statefulset({"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "image": "a:1", "securityContext": {"runAsUser": 1001}}]})
}

# runAsNonRoot: false is a choice to allow root, and the info says so.
test_run_as_non_root_false_is_info if {
	some f in run_as_root.findings with input as statefulset({"containers": [{"name": "a", "image": "a:1", "securityContext": {"runAsNonRoot": false}}]})
	f.severity == "info"
}

test_init_container_root if {
	findings := run_as_root.findings with input as statefulset({"securityContext": {"runAsNonRoot": true}, "initContainers": [{"name": "chown", "image": "busybox:1.36", "securityContext": {"runAsUser": 0, "runAsNonRoot": false}}], "containers": [{"name": "a", "image": "a:1"}]})
	{[f.container, f.path] | some f in findings} == {["chown", "spec.template.spec.initContainers[0].securityContext.runAsUser"]}
}
