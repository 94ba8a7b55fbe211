package poddoctor.diagnose.init_container_failing_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.init_container_failing
import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.testfacts_test as t

# A database migration that cannot reach its database: the pod shows
# Init:CrashLoopBackOff (kubelet v1.30 "Back-off restarting failed container").
migrate(extra) := t.container(object.union({
	"name": "migrate", "type": "init", "image": "ghcr.io/acme/shop-api:1.14.0", "path": "spec.initContainers[0]",
	"ready": false, "started": false, "restartCount": 4,
	"state": {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 1m20s restarting failed container=migrate pod=web-1_shop(u1)", "sinceSeconds": -1},
	"lastState": {"name": "terminated", "reason": "Error", "sinceSeconds": 45, "ranSeconds": 3, "exit": {"code": 1, "meaning": "application error"}},
	"logTail": ["Error: P1001: Can't reach database server at `postgres:5432`"],
	"logPrevious": true,
	"logsCommand": "kubectl logs -n shop web-1 -c migrate --previous",
	"events": [t.event("Warning", "BackOff", "Back-off restarting failed container migrate in pod web-1_shop(u1)", "crash")],
}, extra))

waiting_app := t.container({"state": {"name": "waiting", "reason": "PodInitializing", "sinceSeconds": -1}, "ready": false, "started": false})

test_init_crash_loop if {
	findings := init_container_failing.findings with input as t.pod({"phase": "Pending", "containers": [migrate({}), waiting_app]})
	count(findings) == 1
	some f in findings
	f.msg == "init container \"migrate\" blocks the pod: it exited with exit code 1 (application error) and has restarted 4 times"
	f.container == "migrate"
	f.path == "spec.initContainers[0]"
	f.remedy == "The app containers start only after it succeeds. Read the log of the crashed instance: kubectl logs -n shop web-1 -c migrate --previous"
	"| Error: P1001: Can't reach database server at `postgres:5432`" in f.evidence
	"Restart count: 4" in f.evidence
}

# restartPolicy Never: Init:Error, terminated now, no restarts.
test_init_error_without_restart if {
	c := json.remove(migrate({"restartCount": 0, "state": {"name": "terminated", "reason": "Error", "sinceSeconds": 45, "exit": {"code": 2, "meaning": "misuse of a shell builtin or bad arguments"}}}), ["lastState"])
	some f in init_container_failing.findings with input as t.pod({"phase": "Failed", "restartPolicy": "Never", "containers": [c, waiting_app]})
	f.msg == "init container \"migrate\" blocks the pod: it exited with exit code 2 (misuse of a shell builtin or bad arguments)"
}

# Causes with their own rule: the runtime could not start it, or it was
# OOM-killed.
test_specific_causes_are_left_to_their_rules if {
	no_cmd := migrate({"error": {"cause": "command-not-found", "command": "migrat", "detail": "exec: \"migrat\": executable file not found in $PATH"}})
	count(init_container_failing.findings) == 0 with input as t.pod({"containers": [no_cmd, waiting_app]})
	count(command_not_found.findings) == 1 with input as t.pod({"containers": [no_cmd, waiting_app]})
	oom := migrate({"lastState": {"reason": "OOMKilled", "exit": {"code": 137, "signal": "SIGKILL", "meaning": "killed: out of memory or by kubelet after grace period"}}})
	count(init_container_failing.findings) == 0 with input as t.pod({"containers": [oom, waiting_app]})
	count(oom_killed.findings) == 1 with input as t.pod({"containers": [oom, waiting_app]})
}

# An init container that succeeded, is still running, or a regular
# container crashing (crash-loop's) is not this rule's.
test_near_misses_are_quiet if {
	done := json.patch(migrate({}), [
		{"op": "replace", "path": "/state", "value": {"name": "terminated", "reason": "Completed", "sinceSeconds": 600, "exit": {"code": 0, "meaning": "completed successfully"}}},
		{"op": "remove", "path": "/lastState"},
	])
	count(init_container_failing.findings) == 0 with input as t.pod({"containers": [done, t.base_container]})
	running := json.patch(migrate({}), [{"op": "replace", "path": "/state", "value": {"name": "running", "sinceSeconds": 20}}])
	count(init_container_failing.findings) == 0 with input as t.pod({"containers": [running, waiting_app]})
	regular := migrate({"type": "regular", "path": "spec.containers[0]"})
	count(init_container_failing.findings) == 0 with input as t.pod_with(regular)
}
