package poddoctor.diagnose.scheduling_test

import data.poddoctor.diagnose.scheduling_gated
import data.poddoctor.diagnose.testfacts_test as t
import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.unschedulable_affinity
import data.poddoctor.diagnose.unschedulable_resources
import data.poddoctor.diagnose.unschedulable_taints
import data.poddoctor.diagnose.unschedulable_volumes

message := "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."

pending(scheduling) := t.pod({
	"phase": "Pending",
	"nodeName": "",
	"scheduling": scheduling,
	"requests": {"cpu": "64"},
	"cluster": {"nodes": 3, "largestAllocatable": {"cpu": "4", "memory": "15Gi"}},
	"events": [t.event("Warning", "FailedScheduling", message, "scheduling")],
	"containers": [t.container({"state": {"name": "unknown", "sinceSeconds": -1}, "ready": false})],
})

cpu_and_taint := {
	"totalNodes": 3,
	"reasons": [
		{"category": "taints", "nodes": 1, "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }", "taint": "node-role.kubernetes.io/control-plane", "controlPlane": true},
		{"category": "resources", "nodes": 2, "text": "Insufficient cpu", "resource": "cpu"},
	],
	"detail": message,
	"cause": "resources",
}

test_mixed_verdict_is_one_finding_with_breakdown if {
	facts := pending(cpu_and_taint)
	some r in unschedulable_resources.findings with input as facts
	r.msg == "the pod cannot be scheduled: 2 of 3 nodes have insufficient cpu (the pod requests 64 cpu; the largest node can allocate 4)"
	r.evidence[0] == "Per node: 1 of 3 nodes: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } (control-plane nodes, not meant for this pod); 2 of 3 nodes: Insufficient cpu (the cause)"
	count(unschedulable_taints.findings) == 0 with input as facts
	count(unschedulable.findings) == 0 with input as facts
	count(unschedulable_affinity.findings) == 0 with input as facts
}

test_affinity_and_volumes if {
	s := {"totalNodes": 2, "reasons": [
		{"category": "affinity", "nodes": 1, "text": "node(s) didn't match Pod's node affinity/selector"},
		{"category": "volumes", "nodes": 1, "text": "node(s) had volume node affinity conflict"},
	], "detail": "0/2 nodes are available: ...", "cause": "volumes"}
	some v in unschedulable_volumes.findings with input as pending(s)
	v.msg == "the pod cannot be scheduled: 1 of 2 nodes: node(s) had volume node affinity conflict"
	count(unschedulable_affinity.findings) == 0 with input as pending(s)
}

test_not_ready_taint_points_at_the_node if {
	s := {"totalNodes": 1, "reasons": [{"category": "node-unschedulable", "nodes": 1, "text": "node(s) had untolerated taint {node.kubernetes.io/not-ready: }", "taint": "node.kubernetes.io/not-ready"}], "detail": "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.", "cause": "node-unschedulable"}
	some f in unschedulable.findings with input as pending(s)
	f.msg == "the pod cannot be scheduled: 1 of 1 nodes carry node.kubernetes.io/not-ready: the node condition behind that taint, not a missing toleration, keeps the pod off"
	contains(f.remedy, "Ready condition")
	count(unschedulable_taints.findings) == 0 with input as pending(s)
}

test_fallback_for_cordoned_nodes if {
	s := {"totalNodes": 1, "reasons": [{"category": "node-unschedulable", "nodes": 1, "text": "node(s) were unschedulable"}], "detail": "0/1 nodes are available: 1 node(s) were unschedulable.", "cause": "node-unschedulable"}
	some f in unschedulable.findings with input as pending(s)
	contains(f.remedy, "uncordon")
}

test_gated if {
	facts := t.pod({"phase": "Pending", "schedulingGates": ["example.com/quota-check"], "conditions": {"PodScheduled": {"status": "False", "reason": "SchedulingGated", "ageSeconds": 300}}})
	some f in scheduling_gated.findings with input as facts
	f.msg == "the pod waits for its scheduling gates to be removed: example.com/quota-check"
	f.evidence == ["Condition PodScheduled=False (SchedulingGated), for 5m0s"]
}

test_scheduled_pod_is_quiet if {
	facts := t.pod_with(t.base_container)
	count(unschedulable.findings) == 0 with input as facts
	count(unschedulable_resources.findings) == 0 with input as facts
	count(scheduling_gated.findings) == 0 with input as facts
}

test_no_nodes_at_all if {
	s := {"totalNodes": -1, "reasons": [], "detail": "no nodes available to schedule pods"}
	some f in unschedulable.findings with input as pending(s)
	f.msg == "the pod cannot be scheduled: no nodes available to schedule pods"
	contains(f.remedy, "kubectl get nodes")
}
