package poddoctor.diagnose.node_not_ready_test

import data.poddoctor.diagnose.node_not_ready
import data.poddoctor.diagnose.testfacts_test as t

node(ready, reason, message, taints) := {"name": "worker-2", "ready": ready, "readyReason": reason, "readyMessage": message, "pressure": [], "taints": taints, "allocatable": {"cpu": "4", "memory": "15.2Gi", "pods": "110"}}

# The node lifecycle controller of kube-controller-manager marks a node
# whose kubelet went silent: Ready=Unknown, NodeStatusUnknown, "Kubelet
# stopped posting node status.", and taints it unreachable.
unreachable := node("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.", ["node.kubernetes.io/unreachable:NoExecute", "node.kubernetes.io/unreachable:NoSchedule"])

test_kubelet_stopped_reporting if {
	findings := node_not_ready.findings with input as t.pod({"node": unreachable, "nodeName": "worker-2"})
	count(findings) == 1
	some f in findings
	f.msg == "the pod's node worker-2 is not reporting (Ready=Unknown): Kubelet stopped posting node status."
	f.path == "spec.nodeName"
	f.evidence == [
		"Node worker-2 Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status.",
		"Node taint: node.kubernetes.io/unreachable:NoExecute",
		"Node taint: node.kubernetes.io/unreachable:NoSchedule",
	]
}

# kubelet v1.2x with the CNI not initialised: Ready=False, KubeletNotReady.
test_kubelet_not_ready if {
	n := node("False", "KubeletNotReady", "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized", ["node.kubernetes.io/not-ready:NoSchedule"])
	some f in node_not_ready.findings with input as t.pod({"node": n, "phase": "Pending"})
	f.msg == "the pod's node worker-2 is NotReady: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
}

test_without_message if {
	n := json.remove(node("False", "KubeletNotReady", "", []), ["readyMessage"])
	some f in node_not_ready.findings with input as t.pod({"node": n})
	f.msg == "the pod's node worker-2 is NotReady"
	f.evidence == ["Node worker-2 Ready=False (KubeletNotReady): "]
}

# A Ready node, a pod that finished, or a node not in the input: quiet.
test_near_misses_are_quiet if {
	count(node_not_ready.findings) == 0 with input as t.pod({"node": node("True", "KubeletReady", "kubelet is posting ready status", [])})
	count(node_not_ready.findings) == 0 with input as t.pod({"node": unreachable, "phase": "Succeeded"})
	count(node_not_ready.findings) == 0 with input as t.pod({"node": unreachable, "phase": "Failed"})
	count(node_not_ready.findings) == 0 with input as t.pod_with(t.base_container)
}
