# METADATA
# title: sandbox-failed
# description: The kubelet cannot create the pod's sandbox (FailedCreatePodSandBox), so no container of the pod starts; the network plugin (CNI) failing to set up the pod's network is the usual cause.
# custom:
#   id: sandbox-failed
#   severity: error
#   category: lifecycle
#   remedy: Check the CNI plugin's pods on the node (calico, cilium, flannel...) and its IP pool; for runtime errors, the container runtime's logs on the node.
package poddoctor.diagnose.sandbox_failed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.sandbox
	d.pod.phase == "Pending"
	f := {
		"msg": sprintf("the pod's sandbox cannot be created on node %s%s: %s", [object.get(d.pod, "nodeName", "?"), cause_text[d.pod.sandbox.cause], d.pod.sandbox.detail]),
		"evidence": d.event_lines(d.pod.events, {"sandbox"}),
		"remedy": remedy[d.pod.sandbox.cause],
	}
}

cause_text := {"cni": " (the network plugin failed)", "runtime": " (the container runtime failed)", "sandbox-image": " (the node cannot get the pause image)", "other": ""}

remedy := {
	"cni": "The network plugin (CNI) failed to set up the pod's network: check the CNI pods on that node, their logs, and whether the IP pool is exhausted.",
	"runtime": "The container runtime failed to create the sandbox: check the runtime's logs on the node (journalctl -u containerd) and the pause image.",
	"sandbox-image": "The node cannot pull or find the sandbox (pause) image: check the image named in the message is reachable from the node, or preload it; containerd's sandbox_image / CRI-O's pause_image setting names it.",
	"other": "Read the kubelet's message in the evidence; the kubelet and runtime logs on the node say more.",
}
