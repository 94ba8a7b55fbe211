package poddoctor.diagnose.evicted_test

import data.poddoctor.diagnose.evicted
import data.poddoctor.diagnose.testfacts_test as t

evicted_pod(message, eviction) := t.pod({
	"phase": "Failed", "reason": "Evicted", "message": message, "nodeName": "worker-2", "eviction": eviction,
	"containers": [t.container({"name": "cache", "ready": false, "state": {"name": "terminated", "reason": "ContainerStatusUnknown", "sinceSeconds": 600, "exit": {"code": 137, "signal": "SIGKILL", "meaning": "killed: out of memory or by kubelet after grace period"}}})],
})

# kubelet v1.2x eviction manager, memory pressure.
memory_message := "The node was low on resource: memory. Threshold quantity: 100Mi, available: 87412Ki. Container cache was using 1472876Ki, request is 256Mi, has larger consumption of memory. "

memory := {"kind": "node-pressure", "resource": "memory", "threshold": "100Mi", "available": "87412Ki", "containers": [{"name": "cache", "request": "256Mi", "usage": "1472876Ki"}], "detail": "The node was low on resource: memory. Threshold quantity: 100Mi, available: 87412Ki. Container cache was using 1472876Ki, request is 256Mi, has larger consumption of memory."}

test_node_memory_pressure if {
	findings := evicted.findings with input as evicted_pod(memory_message, memory)
	count(findings) == 1
	some f in findings
	f.msg == "the pod was evicted from node worker-2 because the node was low on memory"
	f.evidence == [sprintf("Status: Failed (Evicted): %s", [memory_message])]
	startswith(f.remedy, "Set requests (and for ephemeral storage, limits) that match real use")
}

# kubelet v1.2x: a container over its own ephemeral-storage limit is
# evicted whatever the node has left.
test_container_limit if {
	msg := "Container shipper exceeded its local ephemeral storage limit \"20Mi\". "
	e := {"kind": "container-limit", "resource": "ephemeral-storage", "limit": "20Mi", "containers": [{"name": "shipper"}], "detail": "Container shipper exceeded its local ephemeral storage limit \"20Mi\"."}
	some f in evicted.findings with input as evicted_pod(msg, e)
	f.msg == "the pod was evicted from node worker-2: container \"shipper\" exceeded its own local ephemeral-storage limit of 20Mi (the container's limit, not node pressure)"
	startswith(f.remedy, "Raise that container's resources.limits.ephemeral-storage")
}

test_pod_and_empty_dir_limits if {
	pod_limit := {"kind": "pod-limit", "resource": "ephemeral-storage", "limit": "1Gi", "detail": "Pod ephemeral local storage usage exceeds the total limit of containers 1Gi."}
	some f in evicted.findings with input as evicted_pod("Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ", pod_limit)
	f.msg == "the pod was evicted from node worker-2: the pod's ephemeral storage use exceeded the sum of its containers' limits, 1Gi (the pod's own limit, not node pressure)"
	empty_dir := {"kind": "emptydir-limit", "resource": "ephemeral-storage", "limit": "500Mi", "volume": "scratch", "detail": "Usage of EmptyDir volume \"scratch\" exceeds the limit \"500Mi\"."}
	some g in evicted.findings with input as evicted_pod("Usage of EmptyDir volume \"scratch\" exceeds the limit \"500Mi\". ", empty_dir)
	g.msg == "the pod was evicted from node worker-2: emptyDir volume \"scratch\" exceeded its sizeLimit of 500Mi (the volume's own limit, not node pressure)"
	startswith(g.remedy, "Raise the emptyDir volume's sizeLimit")
}

# A message classify does not know, and no node name: never "node ?".
test_unclassified_without_node if {
	facts := json.remove(evicted_pod("The node had condition: [DiskPressure]. ", {"kind": "other", "resource": "", "detail": "The node had condition: [DiskPressure]."}), ["pod/nodeName"])
	some f in evicted.findings with input as facts
	f.msg == "the pod was evicted"
}

# An evicted pod whose message the input lacks is still reported.
test_message_not_in_the_input if {
	facts := json.remove(evicted_pod("", memory), ["pod/message"])
	some f in evicted.findings with input as facts
	f.msg == "the pod was evicted from node worker-2 because the node was low on memory"
	f.evidence == ["Status: Failed (Evicted)"]
}

test_other_failures_are_quiet if {
	count(evicted.findings) == 0 with input as object.union(evicted_pod(memory_message, memory), {"pod": {"reason": "OutOfmemory"}})
	count(evicted.findings) == 0 with input as t.pod_with(t.base_container)
}
