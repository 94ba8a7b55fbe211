package poddoctor.diagnose.command_not_found_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.run_container_error
import data.poddoctor.diagnose.testfacts_test as t

# containerd 1.7 + runc 1.1, kubelet "Error: " Failed event and last state
# StartError (exit 128).
runc_prefix := "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: "

start_error(command) := {
	"name": "terminated", "reason": "StartError", "sinceSeconds": 30, "ranSeconds": -1,
	"message": sprintf("%sexec: %q: executable file not found in $PATH: unknown", [runc_prefix, command]),
	"exit": {"code": 128, "meaning": "process could not be started by the runtime"},
}

proxy(command, error) := t.container({
	"name": "proxy", "image": "nginx:1.27", "ready": false, "restartCount": 6,
	"state": {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=proxy pod=proxy-58b7c6d9f4-q5jhz_shop(e9b3c7a1-5f2d-4d86-8a0e-3c7f1b9d5e42)", "sinceSeconds": -1},
	"lastState": start_error(command),
	"error": error,
	"events": [
		t.event("Warning", "Failed", sprintf("Error: %sexec: %q: executable file not found in $PATH: unknown", [runc_prefix, command]), "container"),
		t.event("Warning", "BackOff", "Back-off restarting failed container proxy in pod proxy-58b7c6d9f4-q5jhz_shop(e9b3c7a1-5f2d-4d86-8a0e-3c7f1b9d5e42)", "crash"),
		t.event("Normal", "Pulled", "Container image \"nginx:1.27\" already present on machine", "pulled"),
	],
})

test_misspelled_command if {
	c := proxy("nginxx", {"cause": "command-not-found", "command": "nginxx", "detail": "exec: \"nginxx\": executable file not found in $PATH"})
	findings := command_not_found.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"proxy\" cannot start: the command \"nginxx\" is not an executable in image \"nginx:1.27\""
	f.container == "proxy"
	f.path == "spec.containers[0].command"
	f.evidence[0] == "State: Waiting (CrashLoopBackOff)"
	f.evidence[1] == "Runtime: exec: \"nginxx\": executable file not found in $PATH"
	# the container and crash events, not the pull
	count(f.evidence) == 4
}

# runc names an empty argv[0] exec: "" (an unset chart value): said as such.
test_empty_command if {
	c := proxy("", {"cause": "command-not-found", "detail": "exec: \"\": executable file not found in $PATH"})
	some f in command_not_found.findings with input as t.pod_with(c)
	f.msg == "the container \"proxy\" cannot start: the command is empty (\"\"), so there is no executable to run in image \"nginx:1.27\""
}

# crun 1.18 names the command in back-quotes; when classify could not take
# the command out, the finding still says what happened.
test_command_not_named if {
	c := proxy("x", {"cause": "command-not-found", "detail": "executable file not found in $PATH: No such file or directory"})
	some f in command_not_found.findings with input as t.pod_with(c)
	f.msg == "the container \"proxy\" cannot start: the command is not an executable in image \"nginx:1.27\""
}

# The runtime's cause explains the crash loop better than exit code 128:
# no crash-loop finding, and not the generic start failure either.
test_one_finding_for_one_cause if {
	c := proxy("nginxx", {"cause": "command-not-found", "command": "nginxx", "detail": "exec: \"nginxx\": executable file not found in $PATH"})
	count(crash_loop.findings) == 0 with input as t.pod_with(c)
	count(run_container_error.findings) == 0 with input as t.pod_with(c)
}

test_other_errors_are_quiet if {
	c := proxy("/app/run.sh", {"cause": "permission-denied", "command": "/app/run.sh", "detail": "exec: \"/app/run.sh\": permission denied"})
	count(command_not_found.findings) == 0 with input as t.pod_with(c)
	count(command_not_found.findings) == 0 with input as t.pod_with(t.base_container)
}
