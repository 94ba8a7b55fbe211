package poddoctor.diagnose.startup_probe_failing_test

import data.poddoctor.diagnose.startup_probe_failing
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.18+ startup probes: "Startup probe failed: HTTP probe failed
# with statuscode: 503" while a JVM warms up.
failure(output) := {
	"probe": "startup", "kind": "http", "statusCode": 503, "cause": "status-code", "output": output,
	"event": t.event("Warning", "Unhealthy", sprintf("Startup probe failed: %s", [output]), "probe"),
}

probe := {"kind": "startup", "handler": "http", "target": "GET :8080/actuator/health", "periodSeconds": 10, "failureThreshold": 6, "timeoutSeconds": 1, "initialDelaySeconds": 0}

starting(extra) := t.container(object.union({
	"name": "orders", "image": "ghcr.io/acme/orders:5.0.1", "ready": false, "started": false, "restartCount": 3,
	"probes": [probe], "probeFailures": [failure("HTTP probe failed with statuscode: 503")],
}, extra))

test_never_started if {
	findings := startup_probe_failing.findings with input as t.pod_with(starting({}))
	count(findings) == 1
	some f in findings
	f.msg == "container \"orders\" never finishes starting: its startup probe fails (GET :8080/actuator/health every 10s, failing after 6): HTTP probe failed with statuscode: 503"
	f.container == "orders"
	f.path == "spec.containers[0].startupProbe"
	f.evidence == ["Warning  Unhealthy  60s  kubelet  Startup probe failed: HTTP probe failed with statuscode: 503"]
}

# It started in the end (startup probe passed): the earlier failures were
# the warm-up the probe is for.
test_started_is_quiet if {
	count(startup_probe_failing.findings) == 0 with input as t.pod_with(starting({"started": true}))
}

test_other_probe_kinds_are_quiet if {
	c := starting({"probeFailures": [object.union(failure("HTTP probe failed with statuscode: 503"), {"probe": "readiness"})]})
	count(startup_probe_failing.findings) == 0 with input as t.pod_with(c)
	count(startup_probe_failing.findings) == 0 with input as t.pod_with(t.base_container)
}

# Init containers (not sidecars) have no startup probe.
test_init_container_is_quiet if {
	c := starting({"type": "init", "path": "spec.initContainers[0]"})
	count(startup_probe_failing.findings) == 0 with input as t.pod({"containers": [c, t.base_container]})
}
