package poddoctor.diagnose.readiness_probe_failing_test

import data.poddoctor.diagnose.liveness_probe_failing
import data.poddoctor.diagnose.readiness_probe_failing
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.18+ http prober (Go quotes the URL): "Readiness probe failed:
# Get \"http://...\": dial tcp ...: connect: connection refused".
refused := "Get \"http://10.244.0.5:8080/ready\": dial tcp 10.244.0.5:8080: connect: connection refused"

failure(output, cause) := {
	"probe": "readiness", "kind": "http", "cause": cause, "output": output,
	"event": t.event("Warning", "Unhealthy", sprintf("Readiness probe failed: %s", [output]), "probe"),
}

probe := {"kind": "readiness", "handler": "http", "target": "GET :8080/ready", "periodSeconds": 5, "failureThreshold": 3, "timeoutSeconds": 1, "initialDelaySeconds": 0}

test_not_ready if {
	c := t.container({"ready": false, "probes": [probe], "probeFailures": [failure(refused, "connection-refused")]})
	findings := readiness_probe_failing.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == sprintf("container \"web\" is not ready: its readiness probe fails (GET :8080/ready every 5s, failing after 3): %s", [refused])
	f.container == "web"
	f.path == "spec.containers[0].readinessProbe"
	f.evidence == [sprintf("Warning  Unhealthy  60s  kubelet  Readiness probe failed: %s", [refused])]
}

# calico-node's exec readiness probe (calico v3.2x).
test_exec_probe if {
	out := "calico/node is not ready: BIRD is not ready: unable to connect to BIRDv4 socket"
	c := t.container({"name": "calico-node", "ready": false, "probes": [{"kind": "readiness", "handler": "exec", "target": "exec /bin/calico-node -bird-ready -felix-ready", "periodSeconds": 10, "failureThreshold": 3, "timeoutSeconds": 10, "initialDelaySeconds": 0}], "probeFailures": [failure(out, "command-failed")]})
	some f in readiness_probe_failing.findings with input as t.pod_with(c)
	f.msg == sprintf("container \"calico-node\" is not ready: its readiness probe fails (exec /bin/calico-node -bird-ready -felix-ready every 10s, failing after 3): %s", [out])
}

# A container that became ready again had a passing blip, not a problem;
# a liveness failure is another rule's.
test_near_misses_are_quiet if {
	count(readiness_probe_failing.findings) == 0 with input as t.pod_with(t.container({"ready": true, "probes": [probe], "probeFailures": [failure(refused, "connection-refused")]}))
	live := t.container({"ready": false, "restartCount": 2, "probeFailures": [object.union(failure("HTTP probe failed with statuscode: 500", "status-code"), {"probe": "liveness"})]})
	count(readiness_probe_failing.findings) == 0 with input as t.pod_with(live)
	count(liveness_probe_failing.findings) == 1 with input as t.pod_with(live)
	count(readiness_probe_failing.findings) == 0 with input as t.pod_with(t.container({"ready": false}))
}
