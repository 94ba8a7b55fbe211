package poddoctor.diagnose.pod_rejected_test

import data.poddoctor.diagnose.evicted
import data.poddoctor.diagnose.pod_rejected
import data.poddoctor.diagnose.testfacts_test as t

rejected(reason, message, eviction) := t.pod({"phase": "Failed", "reason": reason, "message": message, "nodeName": "worker-1", "eviction": eviction, "containers": [t.container({"state": {"name": "waiting", "reason": "ContainerCreating", "sinceSeconds": -1}, "ready": false, "started": false})]})

# kubelet v1.2x admission (lifecycle/predicate.go): "Node didn't have
# enough resource: cpu, requested: 150, used: 11388, capacity: 11500".
out_of_cpu := rejected("OutOfcpu", "Pod was rejected: Node didn't have enough resource: cpu, requested: 150, used: 11388, capacity: 11500", {
	"kind": "rejected", "resource": "cpu", "requested": "150m", "used": "11388m", "capacity": "11500m",
	"detail": "Node didn't have enough resource: cpu, requested: 150, used: 11388, capacity: 11500",
})

test_out_of_cpu if {
	findings := pod_rejected.findings with input as out_of_cpu
	count(findings) == 1
	some f in findings
	f.msg == "the kubelet on node worker-1 rejected the pod at admission (OutOfcpu): it requests 150m cpu, the node's pods already use 11388m of its 11500m"
	f.path == "spec"
	f.evidence == ["Status: Failed (OutOfcpu): Pod was rejected: Node didn't have enough resource: cpu, requested: 150, used: 11388, capacity: 11500"]
	startswith(f.remedy, "The node's own accounting disagreed with the scheduler's")
}

test_node_affinity if {
	facts := rejected("NodeAffinity", "Pod was rejected: Predicate NodeAffinity failed", {"kind": "rejected", "resource": "", "detail": "Predicate NodeAffinity failed"})
	some f in pod_rejected.findings with input as facts
	f.msg == "the kubelet on node worker-1 rejected the pod at admission (NodeAffinity): Predicate NodeAffinity failed"
	startswith(f.remedy, "The node's labels no longer match the pod's nodeSelector")
}

# The NVIDIA device plugin had no free GPU when the kubelet admitted it.
test_device_plugin if {
	detail := "Allocate failed due to requested number of devices unavailable for nvidia.com/gpu. Requested: 1, Available: 0, which is unexpected"
	facts := rejected("UnexpectedAdmissionError", sprintf("Pod was rejected: %s", [detail]), {"kind": "rejected", "resource": "nvidia.com/gpu", "detail": detail})
	some f in pod_rejected.findings with input as facts
	f.msg == sprintf("the kubelet on node worker-1 rejected the pod at admission (UnexpectedAdmissionError): the device plugin could not allocate nvidia.com/gpu: %s", [detail])
	startswith(f.remedy, "The device plugin could not give the devices")
}

# Graceful node shutdown (kubelet v1.21+): rejected while shutting down,
# or stopped by it.
test_node_shutdown if {
	shutting := rejected("NodeShutdown", "Pod was rejected: Pod was rejected as the node is shutting down.", {"kind": "rejected", "resource": "", "detail": "Pod was rejected as the node is shutting down."})
	some f in pod_rejected.findings with input as shutting
	startswith(f.remedy, "The node was shutting down (graceful node shutdown)")
	stopped := rejected("Terminated", "Pod was terminated in response to imminent node shutdown.", {"kind": "node-shutdown", "resource": "", "detail": "Pod was terminated in response to imminent node shutdown."})
	some g in pod_rejected.findings with input as stopped
	g.msg == "the kubelet on node worker-1 stopped the pod because the node was shutting down (Terminated): Pod was terminated in response to imminent node shutdown."
}

# Eviction under pressure is evicted's; a pod still pending is not
# rejected.
test_near_misses_are_quiet if {
	ev := rejected("Evicted", "The node was low on resource: memory. ", {"kind": "node-pressure", "resource": "memory", "detail": "The node was low on resource: memory."})
	count(pod_rejected.findings) == 0 with input as ev
	count(evicted.findings) == 1 with input as ev
	count(pod_rejected.findings) == 0 with input as object.union(out_of_cpu, {"pod": {"phase": "Pending"}})
	count(pod_rejected.findings) == 0 with input as t.pod_with(t.base_container)
}
