package poddoctor.diagnose.probes_test

import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.liveness_probe_failing
import data.poddoctor.diagnose.readiness_probe_failing
import data.poddoctor.diagnose.startup_probe_failing
import data.poddoctor.diagnose.testfacts_test as t

failure(kind, output) := {
	"probe": kind, "kind": "http", "statusCode": 500, "cause": "http-status", "output": output,
	"event": t.event("Warning", "Unhealthy", sprintf("%s probe failed: %s", [kind, output]), "probe"),
}

probe(kind) := {"kind": kind, "handler": "http", "target": "GET :8080/healthz", "periodSeconds": 10, "failureThreshold": 3, "timeoutSeconds": 1, "initialDelaySeconds": 0}

test_liveness if {
	c := t.container({"restartCount": 4, "probes": [probe("liveness")], "probeFailures": [failure("liveness", "HTTP probe failed with statuscode: 500")]})
	some f in liveness_probe_failing.findings with input as t.pod_with(c)
	f.msg == "the liveness probe of container \"web\" fails (GET :8080/healthz every 10s, failing after 3): HTTP probe failed with statuscode: 500; the container has restarted 4 times"
	f.path == "spec.containers[0].livenessProbe"
}

test_readiness_only_when_not_ready if {
	failing := [failure("readiness", "HTTP probe failed with statuscode: 503")]
	not_ready := t.container({"ready": false, "probes": [probe("readiness")], "probeFailures": failing})
	count(readiness_probe_failing.findings) == 1 with input as t.pod_with(not_ready)
	ready_again := t.container({"ready": true, "probes": [probe("readiness")], "probeFailures": failing})
	count(readiness_probe_failing.findings) == 0 with input as t.pod_with(ready_again)
}

test_startup if {
	c := t.container({"started": false, "ready": false, "probeFailures": [failure("startup", "dial tcp 10.0.0.5:8080: connect: connection refused")]})
	some f in startup_probe_failing.findings with input as t.pod_with(c)
	contains(f.msg, "not configured in the snapshot")
}

test_no_failures_is_quiet if {
	facts := t.pod_with(t.container({"probes": [probe("liveness"), probe("readiness")]}))
	count(liveness_probe_failing.findings) == 0 with input as facts
	count(readiness_probe_failing.findings) == 0 with input as facts
}

test_liveness_kill_is_not_also_a_crash_loop if {
	c := t.container({
		"state": {"name": "waiting", "reason": "CrashLoopBackOff", "sinceSeconds": -1},
		"lastState": {"name": "terminated", "reason": "Error", "sinceSeconds": 30, "exit": {"code": 137, "signal": "SIGKILL", "meaning": "killed"}},
		"restartCount": 6, "ready": false,
		"probeFailures": [failure("liveness", "cat: can't open '/tmp/healthy': No such file or directory")],
	})
	count(liveness_probe_failing.findings) == 1 with input as t.pod_with(c)
	count(crash_loop.findings) == 0 with input as t.pod_with(c)
}
