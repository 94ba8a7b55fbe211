# METADATA
# title: unschedulable
# description: The scheduler cannot place the pod, for a reason other than resources, taints, affinity or volumes (nodes marked unschedulable, host ports in use, no nodes at all); the finding quotes the scheduler.
# custom:
#   id: unschedulable
#   severity: error
#   category: scheduling
#   remedy: Read the scheduler's message in the evidence; kubectl get nodes shows cordoned (SchedulingDisabled) nodes.
package poddoctor.diagnose.unschedulable

import data.poddoctor.lib.diagnose as d

specific := {"resources", "taints", "affinity", "volumes"}

findings contains f if {
	d.scheduling
	not object.get(d.scheduling, "cause", "") in specific
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [text]),
		"path": "spec",
		"evidence": array.concat(node_lines, d.scheduling_evidence),
		"remedy": remedy,
	}
}

# condition_taints are the taints the node lifecycle controller sets on a
# node that stopped being healthy: they point at the node, not at the pod's
# tolerations.
condition_taints := [r.taint | some r in d.cause_reasons; r.taint; not startswith(r.taint, "node.kubernetes.io/unschedulable")]

text := sprintf("%s: %s", [concat("; ", [sprintf("%s carry %s", [d.node_count(r.nodes), r.taint]) | some r in d.cause_reasons; r.taint; not startswith(r.taint, "node.kubernetes.io/unschedulable")]), "the node condition behind that taint, not a missing toleration, keeps the pod off"]) if {
	d.scheduling.cause == "node-unschedulable"
	count(condition_taints) > 0
}

text := d.scheduling.detail if {
	not condition_taint_cause
}

condition_taint_cause if {
	d.scheduling.cause == "node-unschedulable"
	count(condition_taints) > 0
}

# node_lines show the pod's node's own condition when the input has it.
node_lines := [sprintf("Node %s: Ready=%s (%s): %s", [d.pod.node.name, d.pod.node.ready, object.get(d.pod.node, "readyReason", ""), object.get(d.pod.node, "readyMessage", "")])] if {
	condition_taint_cause
	d.pod.node
}

node_lines := [] if not condition_taint_cause

node_lines := [] if {
	condition_taint_cause
	not d.pod.node
}

remedy := "The nodes carry taints their node lifecycle controller sets when a node is NotReady, unreachable or under pressure: find why (kubectl describe node NODE: its Ready condition and the kubelet's log); a toleration would only place the pod on a broken node." if condition_taint_cause

remedy := "Some nodes are cordoned (SchedulingDisabled): uncordon them (kubectl uncordon NODE) or add nodes." if {
	not condition_taint_cause
	d.scheduling.cause == "node-unschedulable"
}

remedy := "Another pod already uses the host port on those nodes: drop hostPort (use a Service) or run fewer replicas than nodes." if {
	d.scheduling.cause == "ports"
}

remedy := "Read the scheduler's message in the evidence: with no nodes at all, check that nodes have registered and are Ready (kubectl get nodes); otherwise it names what rules the nodes out." if {
	not object.get(d.scheduling, "cause", "") in {"node-unschedulable", "ports"}
}
