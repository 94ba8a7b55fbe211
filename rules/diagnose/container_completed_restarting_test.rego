package poddoctor.diagnose.container_completed_restarting_test

import data.poddoctor.diagnose.container_completed_restarting
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.testfacts_test as t

completed := {"name": "terminated", "reason": "Completed", "sinceSeconds": 50, "ranSeconds": 18, "exit": {"code": 0, "meaning": "completed successfully"}}

# kubelet v1.30: "back-off 5m0s restarting failed container=seed pod=..."
# even for exit code 0.
backoff := {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=seed pod=seed-data-7d5b8c9f4-lm2xp_media(d7a1f5c3-2b8e-4d94-9c6a-4e0b8f2d6a17)", "sinceSeconds": -1}

seed(extra) := t.container(object.union({
	"name": "seed", "image": "ghcr.io/acme/seed-data:2026.11.2", "ready": false,
	"state": backoff, "lastState": completed, "restartCount": 7,
	"events": [t.event("Warning", "BackOff", "Back-off restarting failed container seed in pod seed-data-7d5b8c9f4-lm2xp_media(d7a1f5c3-2b8e-4d94-9c6a-4e0b8f2d6a17)", "crash")],
}, extra))

test_run_to_completion_in_a_deployment if {
	findings := container_completed_restarting.findings with input as t.pod_with(seed({}))
	count(findings) == 1
	some f in findings
	f.msg == "container \"seed\" exits successfully (exit code 0) and is restarted because restartPolicy is Always; it has restarted 7 times"
	f.container == "seed"
	f.path == "spec.containers[0]"
	"Last state: Terminated (Completed), exit code 0 (completed successfully), finished 50s ago" in f.evidence
	"Restart count: 7" in f.evidence
	# exit 0 is not a crash: crash-loop leaves it to this rule
	count(crash_loop.findings) == 0 with input as t.pod_with(seed({}))
}

# Caught between two runs, terminated with exit 0 now.
test_terminated_now if {
	c := seed({"state": completed, "lastState": null})
	bare := json.remove(c, ["lastState"])
	count(container_completed_restarting.findings) == 1 with input as t.pod_with(bare)
}

# Running again after a clean exit is container-restarted-cleanly's case
# (a handled signal, kill 1), not a run-to-completion program.
test_running_again_is_quiet if {
	c := json.patch(seed({"ready": true}), [{"op": "replace", "path": "/state", "value": {"name": "running", "sinceSeconds": 30}}])
	count(container_completed_restarting.findings) == 0 with input as t.pod_with(c)
}

# restartPolicy OnFailure or Never does not restart on exit 0; init
# containers finish by design; no restart yet is no loop; a failing exit
# code is crash-loop's.
test_near_misses_are_quiet if {
	count(container_completed_restarting.findings) == 0 with input as t.pod({"containers": [seed({})], "restartPolicy": "OnFailure"})
	init := seed({"type": "init", "path": "spec.initContainers[0]"})
	count(container_completed_restarting.findings) == 0 with input as t.pod({"containers": [init, t.base_container]})
	count(container_completed_restarting.findings) == 0 with input as t.pod_with(seed({"restartCount": 0}))
	failed := seed({"lastState": {"reason": "Error", "exit": {"code": 1, "meaning": "application error"}}})
	count(container_completed_restarting.findings) == 0 with input as t.pod_with(failed)
}

# A sidecar (init container with restartPolicy Always) runs for the pod's
# lifetime: exiting 0 again and again is the same mistake.
test_sidecar if {
	sidecar := seed({"name": "log-shipper", "type": "sidecar", "path": "spec.initContainers[0]"})
	some f in container_completed_restarting.findings with input as t.pod({"containers": [sidecar, t.base_container]})
	f.container == "log-shipper"
	f.path == "spec.initContainers[0]"
	f.msg == "container \"log-shipper\" exits successfully (exit code 0) and is restarted because a sidecar container is always restarted; it has restarted 7 times"
}

# The kubelet restarts a sidecar whatever the pod's restartPolicy (KEP-753
# restartable init containers, v1.29+): in a Job's pod (restartPolicy
# Never) it loops all the same, and only this rule can say so (exit 0 is
# no crash for crash-loop).
test_sidecar_of_a_job if {
	sidecar := seed({"name": "log-shipper", "type": "sidecar", "path": "spec.initContainers[0]"})
	facts := t.pod({"containers": [sidecar, t.base_container], "restartPolicy": "Never", "owner": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "report-29401"}})
	some f in container_completed_restarting.findings with input as facts
	f.container == "log-shipper"
	count(crash_loop.findings) == 0 with input as facts
}
