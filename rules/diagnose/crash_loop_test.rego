package poddoctor.diagnose.crash_loop_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.container_completed_restarting
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.liveness_probe_failing
import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.30: the waiting message of a crash loop.
backoff := {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container=api pod=api-7d9f8b6c5d-x2k4p_shop(6c1e0b52-8d7a-4f3e-9b2c-1a5d7e9f3c08)", "sinceSeconds": -1}

exited(code, meaning, extra) := object.union({"name": "terminated", "reason": "Error", "sinceSeconds": 30, "ranSeconds": 4, "exit": {"code": code, "meaning": meaning}}, extra)

crashing(extra) := t.container(object.union({
	"name": "api", "image": "ghcr.io/acme/api:3.4.0", "ready": false,
	"state": backoff, "lastState": exited(1, "application error", {}), "restartCount": 5,
	"logTail": ["listening on :8080", "fatal: config file /etc/api/config.yaml: no such file"],
	"logPrevious": true,
	"logsCommand": "kubectl logs -n shop web-1 -c api --previous",
	"events": [t.event("Warning", "BackOff", "Back-off restarting failed container api in pod api-7d9f8b6c5d-x2k4p_shop(6c1e0b52-8d7a-4f3e-9b2c-1a5d7e9f3c08)", "crash")],
}, extra))

test_exit_code_with_its_hint if {
	findings := crash_loop.findings with input as t.pod_with(crashing({}))
	count(findings) == 1
	some f in findings
	f.msg == "container \"api\" is crash-looping: it exited with exit code 1 (application error) and has restarted 5 times"
	f.container == "api"
	f.path == "spec.containers[0]"
	f.remedy == "The application reported an error and exited; its log says which. Read the log of the crashed instance: kubectl logs -n shop web-1 -c api --previous"
	f.evidence == [
		"State: Waiting (CrashLoopBackOff)",
		"Last state: Terminated (Error), exit code 1 (application error), finished 30s ago",
		"Restart count: 5",
		"Warning  BackOff  60s  kubelet  Back-off restarting failed container api in pod api-7d9f8b6c5d-x2k4p_shop(6c1e0b52-8d7a-4f3e-9b2c-1a5d7e9f3c08)",
		"| listening on :8080",
		"| fatal: config file /etc/api/config.yaml: no such file",
	]
}

# Go's net package (dial tcp ...: connect: connection refused) to a
# Service: the cause is the dependency, not exit code 1.
test_cause_from_the_log if {
	c := crashing({
		"logTail": ["2026/11/25 08:00:01 dial tcp 10.96.0.9:5432: connect: connection refused"],
		"logCause": {"cause": "connection-refused", "family": "network", "host": "db.shop.svc", "port": 5432, "line": "2026/11/25 08:00:01 dial tcp 10.96.0.9:5432: connect: connection refused"},
	})
	some f in crash_loop.findings with input as t.pod_with(c)
	f.msg == "container \"api\" is crash-looping: the connection to db.shop.svc:5432 was refused; it exited with exit code 1 and has restarted 5 times"
	startswith(f.remedy, "Check that what should serve db.shop.svc:5432 is running and listening there")
	endswith(f.remedy, "Read the log of the crashed instance: kubectl logs -n shop web-1 -c api --previous")
}

test_sigterm_is_a_stop if {
	c := crashing({"lastState": exited(143, "terminated: asked to stop (SIGTERM)", {"exit": {"signal": "SIGTERM"}})})
	some f in crash_loop.findings with input as t.pod_with(c)
	f.msg == "container \"api\" keeps being stopped: it exited on SIGTERM (exit code 143), a requested stop rather than a crash, and has restarted 5 times"
}

# Between the crash and the next sync the status reads Terminated, not yet
# CrashLoopBackOff (kubectl shows Error): the same crash loop.
test_between_two_restarts if {
	c := json.remove(crashing({"state": exited(139, "segmentation fault", {"exit": {"signal": "SIGSEGV"}})}), ["lastState"])
	some f in crash_loop.findings with input as t.pod_with(c)
	f.msg == "container \"api\" is crash-looping: it exited with exit code 139 (SIGSEGV: segmentation fault) and has restarted 5 times"
	startswith(f.remedy, "The process crashed with a segmentation fault")
}

# Saved mid-restart, the last exit is unknown: said, without inventing one.
test_last_exit_unknown if {
	c := json.remove(crashing({}), ["lastState"])
	some f in crash_loop.findings with input as t.pod_with(c)
	f.msg == "container \"api\" is crash-looping and has restarted 5 times"
	f.remedy == "Read the log of the crashed instance: kubectl logs -n shop web-1 -c api --previous"
}

test_sidecar_crash_loop if {
	c := crashing({"name": "envoy", "type": "sidecar", "path": "spec.initContainers[0]"})
	some f in crash_loop.findings with input as t.pod({"containers": [c, t.base_container]})
	f.container == "envoy"
	f.path == "spec.initContainers[0]"
}

# Each of these restarts has a better explanation elsewhere: OOM, a start
# failure, exit 0, a liveness probe's kill.
test_explained_elsewhere_is_quiet if {
	oom := crashing({"lastState": exited(137, "killed: out of memory or by kubelet after grace period", {"reason": "OOMKilled", "exit": {"signal": "SIGKILL"}})})
	count(crash_loop.findings) == 0 with input as t.pod_with(oom)
	count(oom_killed.findings) == 1 with input as t.pod_with(oom)
	start := crashing({"lastState": exited(128, "process could not be started by the runtime", {"reason": "StartError"}), "error": {"cause": "command-not-found", "command": "api-server", "detail": "exec: \"api-server\": executable file not found in $PATH"}})
	count(crash_loop.findings) == 0 with input as t.pod_with(start)
	count(command_not_found.findings) == 1 with input as t.pod_with(start)
	clean := crashing({"lastState": exited(0, "completed successfully", {"reason": "Completed"})})
	count(crash_loop.findings) == 0 with input as t.pod_with(clean)
	count(container_completed_restarting.findings) == 1 with input as t.pod_with(clean)
	probe_kill := crashing({
		"lastState": exited(137, "killed: out of memory or by kubelet after grace period", {"exit": {"signal": "SIGKILL"}}),
		"probeFailures": [{"probe": "liveness", "kind": "http", "cause": "status-code", "statusCode": 500, "output": "HTTP probe failed with statuscode: 500", "event": t.event("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500", "probe")}],
	})
	count(crash_loop.findings) == 0 with input as t.pod_with(probe_kill)
	count(liveness_probe_failing.findings) == 1 with input as t.pod_with(probe_kill)
}

# A run-once pod's failed container is container-failed's; an init
# container is init-container-failing's; a healthy one is quiet.
test_other_near_misses_are_quiet if {
	c := json.remove(crashing({"state": exited(1, "application error", {})}), ["lastState"])
	count(crash_loop.findings) == 0 with input as t.pod({"containers": [c], "restartPolicy": "Never"})
	init := crashing({"type": "init", "path": "spec.initContainers[0]"})
	count(crash_loop.findings) == 0 with input as t.pod({"containers": [init, t.base_container]})
	count(crash_loop.findings) == 0 with input as t.pod_with(t.base_container)
}
