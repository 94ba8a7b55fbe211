# METADATA
# title: pod-rejected
# description: The kubelet refused to run the pod after the scheduler placed it (OutOfcpu, OutOfmemory, OutOfpods, NodeAffinity, UnexpectedAdmissionError, NodeShutdown), or stopped it for a node shutdown (Terminated); the pod stays Failed and a controller replaces it.
# custom:
#   id: pod-rejected
#   severity: warning
#   category: lifecycle
#   remedy: For OutOf<resource>, the node's own accounting disagreed with the scheduler's (static pods, pods bound with nodeName, a kubelet restart, an extended resource that vanished); check the node's allocated resources (kubectl describe node). For NodeAffinity, the node's labels changed after scheduling. Delete the Failed pods once understood.
package poddoctor.diagnose.pod_rejected

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.phase == "Failed"
	e := d.pod.eviction
	e.kind in {"rejected", "node-shutdown"}
	f := {
		"msg": sprintf("the kubelet%s %s (%s)%s", [on_node, verb(e), d.pod.reason, what(e)]),
		"path": "spec",
		"evidence": [sprintf("Status: Failed (%s): %s", [d.pod.reason, object.get(d.pod, "message", "")])],
		"remedy": remedy(e),
	}
}

on_node := sprintf(" on node %s", [d.pod.nodeName]) if d.pod.nodeName

on_node := "" if not d.pod.nodeName

verb(e) := "rejected the pod at admission" if e.kind == "rejected"

verb(e) := "stopped the pod because the node was shutting down" if e.kind == "node-shutdown"

what(e) := sprintf(": it requests %s %s, the node's pods already use %s of its %s", [e.requested, e.resource, e.used, e.capacity]) if e.requested

what(e) := sprintf(": the node had not enough %s", [e.resource]) if {
	not e.requested
	has_resource(e)
	e.kind == "rejected"
	not startswith(e.detail, "Allocate failed")
}

what(e) := sprintf(": the device plugin could not allocate %s: %s", [e.resource, e.detail]) if {
	has_resource(e)
	startswith(e.detail, "Allocate failed")
}

what(e) := sprintf(": %s", [e.detail]) if {
	not has_resource(e)
	e.detail != ""
}

what(e) := "" if {
	not has_resource(e)
	e.detail == ""
}

remedy(e) := "The node's own accounting disagreed with the scheduler's: pods placed with spec.nodeName or static pods bypass the scheduler, and a kubelet restart can race it; check kubectl describe node (Allocated resources), delete the Failed pods, and let the controller place new ones." if {
	e.kind == "rejected"
	e.requested
}

remedy(e) := "The node's labels no longer match the pod's nodeSelector or node affinity (they changed after scheduling, or the pod was bound with spec.nodeName): fix the labels or the pod's affinity, and delete the Failed pod." if {
	e.kind == "rejected"
	not e.requested
	d.pod.reason == "NodeAffinity"
}

remedy(e) := "The device plugin could not give the devices the pod asked for (unhealthy or gone since scheduling): check the device plugin's pods and the node's allocatable extended resources." if {
	e.kind == "rejected"
	not e.requested
	d.pod.reason == "UnexpectedAdmissionError"
}

remedy(e) := "The node was shutting down (graceful node shutdown): nothing is wrong with the pod; its controller starts a replacement elsewhere. Delete the Failed pod once the node is back." if {
	e.kind == "node-shutdown"
}

remedy(e) := "The node was shutting down (graceful node shutdown): nothing is wrong with the pod; its controller starts a replacement elsewhere. Delete the Failed pod once the node is back." if {
	e.kind == "rejected"
	not e.requested
	d.pod.reason in {"NodeShutdown", "Shutdown"}
}

remedy(e) := "Read the kubelet's message in the evidence; kubectl describe node shows what the node had when it refused." if {
	e.kind == "rejected"
	not e.requested
	not d.pod.reason in {"NodeAffinity", "UnexpectedAdmissionError", "NodeShutdown", "Shutdown"}
}

has_resource(e) if object.get(e, "resource", "") != ""
