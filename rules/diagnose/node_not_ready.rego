# METADATA
# title: node-not-ready
# description: The pod's node is NotReady or Unknown (the kubelet stopped reporting), so its containers may not be running and the pod will be evicted after the toleration period.
# custom:
#   id: node-not-ready
#   severity: error
#   category: lifecycle
#   remedy: Check the node (kubectl describe node NAME) for kubelet, container runtime, network or resource pressure problems; drain and replace it if it does not recover.
package poddoctor.diagnose.node_not_ready

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.node.ready != "True"
	not d.pod.phase in {"Succeeded", "Failed"}
	f := {
		"msg": sprintf("the pod's node %s is %s%s", [d.pod.node.name, readiness[d.pod.node.ready], reason]),
		"path": "spec.nodeName",
		"evidence": array.concat([sprintf("Node %s Ready=%s (%s): %s", [d.pod.node.name, d.pod.node.ready, object.get(d.pod.node, "readyReason", ""), object.get(d.pod.node, "readyMessage", "")])], [sprintf("Node taint: %s", [t]) | some t in d.pod.node.taints]),
	}
}

readiness := {"False": "NotReady", "Unknown": "not reporting (Ready=Unknown)"}

reason := sprintf(": %s", [d.pod.node.readyMessage]) if d.pod.node.readyMessage

reason := "" if not d.pod.node.readyMessage
