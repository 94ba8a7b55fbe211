# Issue 18, classes 4 and 6: kubelet admission rejections with their
# figures, evictions for a container's own limit, and no "node ?".
package poddoctor.diagnose.realworld_lifecycle_test

import data.poddoctor.diagnose.evicted
import data.poddoctor.diagnose.pod_rejected
import data.poddoctor.diagnose.testfacts_test as t

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
