package poddoctor.diagnose.run_container_error_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.missing_secret
import data.poddoctor.diagnose.run_container_error
import data.poddoctor.diagnose.testfacts_test as t

failing(reason, error, event) := t.container({
	"name": "app", "image": "registry.acme.example/app:4.2", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": reason, "sinceSeconds": -1},
	"error": error,
	"events": [t.event("Warning", "Failed", event, "container")],
})

# CRI-O 1.2x + runc 1.1 on OpenShift: the entrypoint is not executable for
# the random uid.
permission := failing("CreateContainerError", {"cause": "permission-denied", "command": "/deployments/run-java.sh", "detail": "exec /deployments/run-java.sh: permission denied"}, "Error: container create failed: time=\"2023-05-06T15:13:42Z\" level=error msg=\"runc create failed: unable to start container process: exec /deployments/run-java.sh: permission denied\"")

test_permission_denied if {
	findings := run_container_error.findings with input as t.pod_with(permission)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"app\" cannot start: exec /deployments/run-java.sh: permission denied"
	f.container == "app"
	f.path == "spec.containers[0]"
	startswith(f.remedy, "The entrypoint is not executable for the container's user")
	f.evidence == ["State: Waiting (CreateContainerError)", "Warning  Failed  60s  kubelet  Error: container create failed: time=\"2023-05-06T15:13:42Z\" level=error msg=\"runc create failed: unable to start container process: exec /deployments/run-java.sh: permission denied\""]
}

# kubelet v1.2x, Kubernetes docs (verify pod security): runAsNonRoot with
# an image whose user is root.
test_run_as_non_root if {
	c := failing("CreateContainerConfigError", {"cause": "run-as-non-root", "detail": "container has runAsNonRoot and image will run as root (pod: \"busybox-restricted_verify-pod-security(a4c6a62d-2166-41a9-b288-20df17cf5c90)\", container: busybox)"}, "Error: container has runAsNonRoot and image will run as root (pod: \"busybox-restricted_verify-pod-security(a4c6a62d-2166-41a9-b288-20df17cf5c90)\", container: busybox)")
	some f in run_container_error.findings with input as t.pod_with(c)
	startswith(f.msg, "the container \"app\" cannot start: container has runAsNonRoot and image will run as root")
	startswith(f.remedy, "runAsNonRoot is set but the image runs as root")
}

# docker 24 + runc 1.1: an amd64 binary on an arm64 node.
test_exec_format if {
	c := failing("RunContainerError", {"cause": "exec-format", "detail": "exec format error"}, "Error: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec format error")
	some f in run_container_error.findings with input as t.pod_with(c)
	f.msg == "the container \"app\" cannot start: exec format error"
	contains(f.remedy, "kubernetes.io/arch")
}

# runc 1.1+: the script's #! interpreter is missing.
test_no_such_file if {
	c := failing("RunContainerError", {"cause": "no-such-file", "command": "/entrypoint.sh", "detail": "exec /entrypoint.sh: no such file or directory"}, "Error: exec /entrypoint.sh: no such file or directory")
	some f in run_container_error.findings with input as t.pod_with(c)
	contains(f.remedy, "interpreter of a script's #! line")
}

# CRI-O + runc 1.1 on OpenShift 4.10: no specific cause; the runtime's text
# is the message, and the remedy points at it.
test_other_quotes_the_runtime if {
	c := failing("CreateContainerError", {"cause": "other", "detail": "unable to setup user: cannot set uid to unmapped user in user namespace"}, "Error: container create failed: time=\"2022-08-31T10:15:03Z\" level=error msg=\"runc create failed: unable to start container process: unable to setup user: cannot set uid to unmapped user in user namespace\"")
	some f in run_container_error.findings with input as t.pod_with(c)
	f.msg == "the container \"app\" cannot start: unable to setup user: cannot set uid to unmapped user in user namespace"
	f.remedy == "Read the runtime's message in the evidence; it names the file, user or setting at fault."
}

# A missing command, ConfigMap or Secret has a rule of its own.
test_specific_causes_are_left_to_their_rules if {
	not_found := failing("RunContainerError", {"cause": "command-not-found", "command": "nginxx", "detail": "exec: \"nginxx\": executable file not found in $PATH"}, "Error: x")
	count(run_container_error.findings) == 0 with input as t.pod_with(not_found)
	count(command_not_found.findings) == 1 with input as t.pod_with(not_found)
	secret := failing("CreateContainerConfigError", {"cause": "missing-secret", "object": "db-creds", "objectKind": "Secret", "detail": "secret \"db-creds\" not found"}, "Error: secret \"db-creds\" not found")
	count(run_container_error.findings) == 0 with input as t.pod_with(secret)
	count(missing_secret.findings) == 1 with input as t.pod_with(secret)
	count(run_container_error.findings) == 0 with input as t.pod_with(t.base_container)
}
