package poddoctor.diagnose.lifecycle_test

import data.poddoctor.diagnose.deadline_exceeded
import data.poddoctor.diagnose.evicted
import data.poddoctor.diagnose.node_not_ready
import data.poddoctor.diagnose.pod_preempted
import data.poddoctor.diagnose.sandbox_failed
import data.poddoctor.diagnose.stuck_terminating
import data.poddoctor.diagnose.testfacts_test as t

healthy_node := {"name": "node-1", "ready": "True", "pressure": [], "taints": [], "allocatable": {}}

test_evicted_names_resource if {
	facts := t.pod({"phase": "Failed", "reason": "Evicted", "message": "The node was low on resource: memory.", "eviction": {"resource": "memory", "detail": "x"}})
	some f in evicted.findings with input as facts
	f.msg == "the pod was evicted from node node-1 because the node was low on memory"
}

test_deadline_pod_and_job if {
	some p in deadline_exceeded.findings with input as t.pod({"phase": "Failed", "reason": "DeadlineExceeded", "message": "Pod was active on the node longer than the specified deadline", "activeDeadlineSeconds": 60})
	contains(p.msg, "(60s)")
	job := {"kind": "Workload", "workload": {"object": {"kind": "Job", "namespace": "shop", "name": "report"}, "conditions": {"Failed": {"status": "True", "reason": "DeadlineExceeded", "message": "Job was active longer than specified deadline"}}}}
	count(deadline_exceeded.findings) == 1 with input as job
}

test_stuck_terminating if {
	facts := t.pod({"deletion": {"overdueSeconds": 7200, "gracePeriodSeconds": 30, "finalizers": ["example.com/cleanup"]}, "node": object.union(healthy_node, {"ready": "Unknown"})})
	some f in stuck_terminating.findings with input as facts
	f.msg == "the pod has been terminating for 120m past its 30s grace period; finalizers still set: example.com/cleanup"
	f.evidence == ["Node node-1 is Unknown"]
}

test_slow_termination_is_quiet if {
	count(stuck_terminating.findings) == 0 with input as t.pod({"deletion": {"overdueSeconds": 20, "gracePeriodSeconds": 30, "finalizers": []}})
}

test_node_not_ready if {
	node := object.union(healthy_node, {"ready": "Unknown", "readyReason": "NodeStatusUnknown", "readyMessage": "Kubelet stopped posting node status.", "taints": ["node.kubernetes.io/unreachable:NoExecute"]})
	some f in node_not_ready.findings with input as t.pod({"node": node})
	f.msg == "the pod's node node-1 is not reporting (Ready=Unknown): Kubelet stopped posting node status."
	"Node taint: node.kubernetes.io/unreachable:NoExecute" in f.evidence
	count(node_not_ready.findings) == 0 with input as t.pod({"node": healthy_node})
}

test_sandbox if {
	facts := t.pod({"phase": "Pending", "sandbox": {"cause": "cni", "detail": "plugin type=\"calico\" failed (add): ipam: no more free IPs"}})
	some f in sandbox_failed.findings with input as facts
	contains(f.msg, "network plugin")
	count(sandbox_failed.findings) == 0 with input as t.pod({"phase": "Running", "sandbox": {"cause": "cni", "detail": "x"}})
}

test_preempted if {
	facts := t.pod({"phase": "Failed", "conditions": {"DisruptionTarget": {"status": "True", "reason": "PreemptionByScheduler", "message": "Kubernetes Scheduler: preempting", "ageSeconds": 30}}})
	count(pod_preempted.findings) == 1 with input as facts
	count(pod_preempted.findings) == 0 with input as t.pod({})
}

test_sandbox_image if {
	facts := t.pod({"phase": "Pending", "sandbox": {"cause": "sandbox-image", "image": "registry.k8s.io/pause:3.9", "detail": "failed to get sandbox image \"registry.k8s.io/pause:3.9\""}})
	some f in sandbox_failed.findings with input as facts
	contains(f.remedy, "pause")
}
