package poddoctor.diagnose.unschedulable_resources_test

import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.unschedulable_resources
import data.poddoctor.diagnose.unschedulable_taints
import data.poddoctor.diagnose.testfacts_test as t

# kube-scheduler v1.2x FailedScheduling event, with the preemption clause
# that PostFilter appends.
scheduler_event(message) := object.union(t.event("Warning", "FailedScheduling", message, "scheduling"), {"source": "default-scheduler", "text": sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message])})

message := "0/6 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 3 Insufficient memory. preemption: 0/6 nodes are available: 1 Preemption is not helpful for scheduling, 5 No preemption victims found for incoming pod.."

scheduling := {
	"cause": "resources",
	"detail": "0/6 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 3 Insufficient memory.",
	"preemption": "preemption: 0/6 nodes are available: 1 Preemption is not helpful for scheduling, 5 No preemption victims found for incoming pod.",
	"reasons": [
		{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
		{"category": "resources", "nodes": 2, "resource": "cpu", "text": "Insufficient cpu"},
		{"category": "resources", "nodes": 3, "resource": "memory", "text": "Insufficient memory"},
	],
	"totalNodes": 6,
}

pending(s, extra) := t.pod(object.union({
	"phase": "Pending", "nodeName": "", "scheduling": s,
	"requests": {"cpu": "6", "memory": "24Gi"},
	"cluster": {"nodes": 6, "largestAllocatable": {"cpu": "4", "memory": "15.2Gi", "pods": "110"}},
	"events": [scheduler_event(message)],
	"containers": [t.container({"state": {"name": "waiting", "reason": "ContainerCreating", "sinceSeconds": -1}, "ready": false, "started": false})],
}, extra))

test_cpu_and_memory if {
	findings := unschedulable_resources.findings with input as pending(scheduling, {})
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot be scheduled: 2 of 6 nodes have insufficient cpu (the pod requests 6 cpu; the largest node can allocate 4); 3 of 6 nodes have insufficient memory (the pod requests 24Gi memory; the largest node can allocate 15.2Gi)"
	f.path == "spec.containers"
	f.remedy == "Lower the pod's cpu request to what it really needs, free cpu on the nodes, or add nodes with more cpu."
	f.evidence == [
		"Per node: 1 of 6 nodes: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } (control-plane nodes, not meant for this pod); 2 of 6 nodes: Insufficient cpu (the cause); 3 of 6 nodes: Insufficient memory (the cause)",
		sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message]),
	]
	# the control-plane taint is not the cause: no taints finding
	count(unschedulable_taints.findings) == 0 with input as pending(scheduling, {})
	count(unschedulable.findings) == 0 with input as pending(scheduling, {})
}

# kube-scheduler: "Too many pods" when maxPods is reached.
test_too_many_pods if {
	s := {"cause": "resources", "detail": "0/2 nodes are available: 2 Too many pods.", "reasons": [{"category": "resources", "nodes": 2, "resource": "pods", "text": "Too many pods"}], "totalNodes": 2}
	some f in unschedulable_resources.findings with input as pending(s, {"requests": {"cpu": "100m"}})
	f.msg == "the pod cannot be scheduled: 2 of 2 nodes have no room for more pods"
	startswith(f.remedy, "The nodes run as many pods as their maxPods allows")
}

# An extended resource no node has: the request is compared with nothing.
test_extended_resource_without_nodes_data if {
	s := {"cause": "resources", "detail": "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", "reasons": [{"category": "resources", "nodes": 3, "resource": "nvidia.com/gpu", "text": "Insufficient nvidia.com/gpu"}], "totalNodes": 3}
	facts := json.patch(pending(s, {}), [{"op": "replace", "path": "/pod/requests", "value": {"cpu": "1", "nvidia.com/gpu": "1"}}])
	some f in unschedulable_resources.findings with input as facts
	f.msg == "the pod cannot be scheduled: 3 of 3 nodes have insufficient nvidia.com/gpu (the pod requests 1 nvidia.com/gpu)"
}

# Without the node total (an old scheduler wording) the count stands alone.
test_total_unknown if {
	s := {"cause": "resources", "detail": "Insufficient memory", "reasons": [{"category": "resources", "nodes": 2, "resource": "memory", "text": "Insufficient memory"}], "totalNodes": 0}
	some f in unschedulable_resources.findings with input as pending(s, {})
	startswith(f.msg, "the pod cannot be scheduled: 2 nodes have insufficient memory")
}

test_other_causes_are_quiet if {
	s := object.union(scheduling, {"cause": "affinity"})
	count(unschedulable_resources.findings) == 0 with input as pending(s, {})
	count(unschedulable_resources.findings) == 0 with input as json.remove(pending(scheduling, {}), ["pod/scheduling"])
}
