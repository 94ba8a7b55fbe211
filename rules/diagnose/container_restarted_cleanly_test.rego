package poddoctor.diagnose.container_restarted_cleanly_test

import data.poddoctor.diagnose.container_completed_restarting
import data.poddoctor.diagnose.container_restarted_cleanly
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.testfacts_test as t

# `kubectl exec web-1 -- kill 1` on nginx: the master process handles
# SIGTERM, exits 0, and the kubelet starts the container again.
clean_exit := {"name": "terminated", "reason": "Completed", "sinceSeconds": 300, "ranSeconds": 86400, "exit": {"code": 0, "meaning": "completed successfully"}}

restarted(extra) := t.container(object.union({
	"name": "web", "state": {"name": "running", "sinceSeconds": 299}, "lastState": clean_exit, "restartCount": 1,
	"events": [
		t.event("Normal", "Pulled", "Container image \"nginx:1.27\" already present on machine", "pulled"),
		t.event("Normal", "Created", "Created container web", "lifecycle"),
		t.event("Normal", "Started", "Started container web", "lifecycle"),
	],
}, extra))

test_kill_1_in_a_deployment if {
	findings := container_restarted_cleanly.findings with input as t.pod_with(restarted({}))
	count(findings) == 1
	some f in findings
	f.msg == "the container \"web\" ended cleanly and was restarted by the kubelet: its main process exited with code 0 (Completed), by itself or by a signal it handled (such as `kill 1`, or a SIGTERM it traps); 1 restart so far, the last one 5m0s ago; it is running again (restartPolicy Always restarts a container whatever its exit code)"
	f.container == "web"
	f.path == "spec.containers[0]"
	f.evidence[0] == "State: Running"
	f.evidence[1] == "Last state: Terminated (Completed), exit code 0 (completed successfully), finished 5m0s ago"
	"Restart count: 1" in f.evidence
	"Normal  Started  60s  kubelet  Started container web" in f.evidence
	# not a crash
	count(crash_loop.findings) == 0 with input as t.pod_with(restarted({}))
	count(container_completed_restarting.findings) == 0 with input as t.pod_with(restarted({}))
}

test_sidecar_is_always_restarted if {
	sidecar := restarted({"name": "envoy", "type": "sidecar", "path": "spec.initContainers[0]", "restartCount": 3})
	some f in container_restarted_cleanly.findings with input as t.pod({"containers": [sidecar, t.base_container], "restartPolicy": "OnFailure"})
	f.container == "envoy"
	startswith(f.msg, "the sidecar container \"envoy\" ended cleanly")
	contains(f.msg, "3 restarts so far")
	endswith(f.msg, "it is running again (a sidecar container is always restarted)")
}

# Old news (over an hour), an instance that returned at once (a
# run-to-completion program caught between two back-offs), a run time
# unknown, a failing exit code, or a container not running now: quiet.
test_near_misses_are_quiet if {
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(restarted({"lastState": {"sinceSeconds": 7200}}))
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(restarted({"lastState": {"ranSeconds": 2}}))
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(restarted({"lastState": {"ranSeconds": -1}}))
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(restarted({"lastState": {"reason": "Error", "exit": {"code": 1, "meaning": "application error"}}}))
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(restarted({"state": {"name": "waiting", "reason": "CrashLoopBackOff", "sinceSeconds": -1}}))
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(t.base_container)
}

# restartPolicy OnFailure never restarts a regular container that exited 0.
test_on_failure_regular_container_is_quiet if {
	count(container_restarted_cleanly.findings) == 0 with input as t.pod({"containers": [restarted({})], "restartPolicy": "OnFailure"})
}

test_unknown_finish_time if {
	c := restarted({"lastState": {"sinceSeconds": -1}})
	some f in container_restarted_cleanly.findings with input as t.pod_with(c)
	contains(f.msg, "the last one an unknown time ago")
}
