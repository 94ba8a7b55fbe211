package poddoctor.diagnose.liveness_probe_failing_test

import data.poddoctor.diagnose.liveness_probe_failing
import data.poddoctor.diagnose.readiness_probe_failing
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.2x prober: "Liveness probe failed: %s" (Unhealthy), then
# "Container web failed liveness probe, will be restarted" (Killing).
failure(kind, cause, output) := {
	"probe": kind, "kind": "http", "cause": cause, "output": output,
	"event": t.event("Warning", "Unhealthy", sprintf("%s probe failed: %s", [upper_first(kind), output]), "probe"),
}

upper_first(s) := concat("", [upper(substring(s, 0, 1)), substring(s, 1, -1)])

probe(kind) := {"kind": kind, "handler": "http", "target": "GET :8080/healthz", "periodSeconds": 10, "failureThreshold": 3, "timeoutSeconds": 1, "initialDelaySeconds": 0}

timeout_output := "Get \"http://10.244.2.9:8080/healthz\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"

killed := t.event("Normal", "Killing", "Container web failed liveness probe, will be restarted", "lifecycle")

test_liveness_timeout_restarts if {
	c := t.container({
		"restartCount": 6, "probes": [probe("liveness")],
		"probeFailures": [failure("liveness", "timeout", timeout_output), failure("liveness", "status-code", "HTTP probe failed with statuscode: 500")],
		"events": [killed],
	})
	findings := liveness_probe_failing.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	# the newest failure is quoted
	f.msg == sprintf("the liveness probe of container \"web\" fails (GET :8080/healthz every 10s, failing after 3): %s; the container has restarted 6 times", [timeout_output])
	f.container == "web"
	f.path == "spec.containers[0].livenessProbe"
	f.evidence == [
		sprintf("Warning  Unhealthy  60s  kubelet  Liveness probe failed: %s", [timeout_output]),
		"Warning  Unhealthy  60s  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 500",
		"Normal  Killing  60s  kubelet  Container web failed liveness probe, will be restarted",
	]
}

# A probe the snapshot does not describe (describe text without the spec).
test_probe_not_in_the_snapshot if {
	c := t.container({"restartCount": 2, "probeFailures": [failure("liveness", "connection-refused", "dial tcp 10.244.1.5:6379: connect: connection refused")]})
	some f in liveness_probe_failing.findings with input as t.pod_with(c)
	contains(f.msg, "fails (not configured in the snapshot): dial tcp 10.244.1.5:6379: connect: connection refused")
}

test_sidecar if {
	c := t.container({"name": "envoy", "type": "sidecar", "path": "spec.initContainers[0]", "restartCount": 1, "probes": [probe("liveness")], "probeFailures": [failure("liveness", "status-code", "HTTP probe failed with statuscode: 503")]})
	some f in liveness_probe_failing.findings with input as t.pod({"containers": [c, t.base_container]})
	f.path == "spec.initContainers[0].livenessProbe"
}

# Readiness and startup failures are other rules'; a container without
# probe failures is quiet.
test_other_probes_are_quiet if {
	c := t.container({"ready": false, "probes": [probe("readiness")], "probeFailures": [failure("readiness", "status-code", "HTTP probe failed with statuscode: 503")]})
	count(liveness_probe_failing.findings) == 0 with input as t.pod_with(c)
	count(readiness_probe_failing.findings) == 1 with input as t.pod_with(c)
	count(liveness_probe_failing.findings) == 0 with input as t.pod_with(t.base_container)
}
