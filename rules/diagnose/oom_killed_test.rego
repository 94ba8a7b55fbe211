package poddoctor.diagnose.oom_killed_test

import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.testfacts_test as t

# The kubelet reports a container the kernel's OOM killer ended as
# reason OOMKilled, exit code 137 (kuberuntime, containerd/CRI-O alike).
oom := {"name": "terminated", "reason": "OOMKilled", "sinceSeconds": 40, "ranSeconds": 6, "exit": {"code": 137, "signal": "SIGKILL", "meaning": "killed: out of memory or by kubelet after grace period"}}

backoff := {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=warmer pod=cache-warmer-84d6f9c7b-zq5tw_media(9f3b7d15-6a2e-4c89-8b1f-e0a5c3d7b962)", "sinceSeconds": -1}

warmer(extra) := t.container(object.union({
	"name": "warmer", "image": "ghcr.io/acme/cache-warmer:2.0.3", "ready": false,
	"state": backoff, "lastState": oom, "restartCount": 7,
	"resources": {"requests": {"cpu": "100m", "memory": "16Mi"}, "limits": {"memory": "16Mi"}},
	"events": [t.event("Warning", "BackOff", "Back-off restarting failed container warmer in pod cache-warmer-84d6f9c7b-zq5tw_media(9f3b7d15-6a2e-4c89-8b1f-e0a5c3d7b962)", "crash")],
}, extra))

test_crash_looping_at_its_limit if {
	findings := oom_killed.findings with input as t.pod_with(warmer({}))
	count(findings) == 1
	some f in findings
	f.msg == "the container \"warmer\" was killed for running out of memory (OOMKilled) at its memory limit of 16Mi; it has restarted 7 times"
	f.container == "warmer"
	f.path == "spec.containers[0].resources.limits"
	startswith(f.remedy, "Raise resources.limits.memory above 16Mi")
	"Last state: Terminated (OOMKilled), exit code 137 (SIGKILL: killed: out of memory or by kubelet after grace period), finished 40s ago" in f.evidence
	"Restart count: 7" in f.evidence
}

# A Job's pod (restartPolicy Never) whose only run was killed: the current
# state is the termination, and there were no restarts to count.
test_terminated_now_without_restarts if {
	c := t.container({"name": "report", "state": object.union(oom, {"sinceSeconds": 300}), "restartCount": 0, "ready": false, "resources": {"requests": {"memory": "64Mi"}, "limits": {"memory": "64Mi"}}})
	some f in oom_killed.findings with input as t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed"})
	f.msg == "the container \"report\" was killed for running out of memory (OOMKilled) at its memory limit of 64Mi"
}

# Without a limit of its own, the node or the pod's cgroup ran out: the
# message never says "limit of no limit".
test_without_a_limit if {
	c := json.patch(warmer({}), [{"op": "replace", "path": "/resources", "value": {"requests": {}, "limits": {}}}])
	some f in oom_killed.findings with input as t.pod_with(c)
	contains(f.msg, "(OOMKilled) without a memory limit of its own (the node, or the pod as a whole, ran out of memory); it has restarted 7 times")
	not contains(f.msg, "no limit")
	startswith(f.remedy, "The container has no memory limit, so the node itself ran out of memory")
}

test_init_container if {
	c := object.union(warmer({}), {"name": "migrate", "type": "init", "path": "spec.initContainers[0]"})
	some f in oom_killed.findings with input as t.pod({"containers": [c, t.base_container]})
	startswith(f.msg, "the init container \"migrate\" was killed")
	f.path == "spec.initContainers[0].resources.limits"
}

# Exit 137 without OOMKilled is a SIGKILL from someone else (the kubelet
# after a failed liveness probe's grace period, or a node shutdown): not
# this rule's finding. Neither is an OOM kill older than the last
# termination, nor a healthy container.
test_sigkill_without_oom_is_quiet if {
	sigkill := object.union(oom, {"reason": "Error"})
	count(oom_killed.findings) == 0 with input as t.pod_with(warmer({"lastState": sigkill}))
	recovered := json.patch(warmer({}), [
		{"op": "replace", "path": "/state", "value": {"name": "running", "sinceSeconds": 600}},
		{"op": "replace", "path": "/lastState", "value": {"name": "terminated", "reason": "Error", "sinceSeconds": 700, "exit": {"code": 1, "meaning": "application error"}}},
	])
	count(oom_killed.findings) == 0 with input as t.pod_with(recovered)
	count(oom_killed.findings) == 0 with input as t.pod_with(t.base_container)
}
