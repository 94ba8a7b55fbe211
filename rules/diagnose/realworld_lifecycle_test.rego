# Issue 18, classes 4 and 6: kubelet admission rejections with their
# figures, evictions for a container's own limit, and no "node ?".
package poddoctor.diagnose.realworld_lifecycle_test

import data.poddoctor.diagnose.evicted
import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.pod_rejected
import data.poddoctor.diagnose.testfacts_test as t
import data.poddoctor.diagnose.unschedulable_volumes

failed(reason, message, eviction) := t.pod({
	"phase": "Failed", "reason": reason, "message": message, "eviction": eviction,
	"containers": [t.container({"state": {"name": "unknown", "sinceSeconds": -1}, "ready": false})],
})

test_out_of_cpu_with_figures if {
	facts := failed("OutOfcpu", "Pod was rejected: Node didn't have enough resource: cpu, requested: 150, used: 11388, capacity: 11500", {
		"kind": "rejected", "resource": "cpu", "requested": "150m", "used": "11388m", "capacity": "11500m",
		"detail": "Node didn't have enough resource: cpu, requested: 150, used: 11388, capacity: 11500",
	})
	some f in pod_rejected.findings with input as facts
	f.msg == "the kubelet on node node-1 rejected the pod at admission (OutOfcpu): it requests 150m cpu, the node's pods already use 11388m of its 11500m"
	count(evicted.findings) == 0 with input as facts
}

test_node_affinity_rejection if {
	facts := failed("NodeAffinity", "Pod was rejected: Predicate NodeAffinity failed", {"kind": "rejected", "resource": "", "detail": "Predicate NodeAffinity failed"})
	some f in pod_rejected.findings with input as facts
	f.msg == "the kubelet on node node-1 rejected the pod at admission (NodeAffinity): Predicate NodeAffinity failed"
	contains(f.remedy, "labels")
}

test_node_shutdown_terminated if {
	facts := failed("Terminated", "Pod was terminated in response to imminent node shutdown.", {"kind": "node-shutdown", "resource": "", "detail": "Pod was terminated in response to imminent node shutdown."})
	some f in pod_rejected.findings with input as facts
	contains(f.msg, "stopped the pod because the node was shutting down")
}

test_running_pod_is_not_rejected if {
	count(pod_rejected.findings) == 0 with input as t.pod_with(t.base_container)
}

test_container_ephemeral_limit_is_not_node_pressure if {
	facts := failed("Evicted", "Pod ephemeral local storage usage exceeds the total limit of containers 20Mi. Container app exceeded its local ephemeral storage limit \"20Mi\". ", {
		"kind": "container-limit", "resource": "ephemeral-storage", "limit": "20Mi", "containers": [{"name": "app"}], "detail": "...",
	})
	some f in evicted.findings with input as facts
	f.msg == "the pod was evicted from node node-1: container \"app\" exceeded its own local ephemeral-storage limit of 20Mi (the container's limit, not node pressure)"
	not contains(f.msg, "low on")
}

test_eviction_without_node_never_says_node_question_mark if {
	facts := t.pod({
		"phase": "Failed", "reason": "Evicted", "message": "The node was low on resource: memory. ", "nodeName": null,
		"eviction": {"kind": "node-pressure", "resource": "memory", "detail": "The node was low on resource: memory."},
	})
	some f in evicted.findings with input as object.remove(facts, ["pod"]) with input.pod as object.remove(facts.pod, ["nodeName"])
	f.msg == "the pod was evicted because the node was low on memory"
}

test_oom_without_limit_never_says_limit_of_no_limit if {
	c := t.container({
		"state": {"name": "waiting", "reason": "CrashLoopBackOff", "sinceSeconds": -1}, "restartCount": 3, "ready": false,
		"lastState": {"name": "terminated", "reason": "OOMKilled", "exit": {"code": 137, "signal": "SIGKILL", "meaning": "killed"}, "sinceSeconds": 30},
	})
	some f in oom_killed.findings with input as t.pod_with(c)
	not contains(f.msg, "no limit")
	contains(f.msg, "without a memory limit of its own")
}

unbound(claims) := t.pod({
	"phase": "Pending", "nodeName": "",
	"scheduling": {"totalNodes": 3, "reasons": [{"category": "volumes", "nodes": 3, "text": "pod has unbound immediate PersistentVolumeClaims"}], "detail": "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.", "cause": "volumes"},
	"claims": claims,
})

test_unbound_claim_is_named_with_class_and_provisioner_event if {
	facts := unbound([{"name": "data-postgres-0", "volume": "data", "status": "found", "phase": "Pending", "storageClass": "fast-ssd", "storageClassStatus": "found", "provisioner": "ebs.csi.aws.com", "events": [t.event("Warning", "ProvisioningFailed", "failed to provision volume with StorageClass \"fast-ssd\": UnauthorizedOperation", "other")]}])
	some f in unschedulable_volumes.findings with input as facts
	f.msg == "the pod cannot be scheduled: 3 of 3 nodes: pod has unbound immediate PersistentVolumeClaims; claim data-postgres-0 is Pending (storage class fast-ssd, provisioner ebs.csi.aws.com): failed to provision volume with StorageClass \"fast-ssd\": UnauthorizedOperation"
}

test_missing_claim_and_missing_default_class if {
	facts := unbound([
		{"name": "uploads", "volume": "uploads", "status": "missing", "events": []},
		{"name": "cache", "volume": "cache", "status": "found", "phase": "Pending", "storageClassStatus": "missing", "events": []},
	])
	some f in unschedulable_volumes.findings with input as facts
	contains(f.msg, "claim uploads does not exist in namespace shop")
	contains(f.msg, "claim cache is Pending (no storage class, and no default StorageClass exists)")
}
