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
	count([r | some r in d.scheduling.reasons; r.category in specific]) == 0
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [d.scheduling.detail]),
		"path": "spec",
		"evidence": d.scheduling_evidence,
		"remedy": remedy,
	}
}

remedy := "Some nodes are cordoned (SchedulingDisabled): uncordon them (kubectl uncordon NODE) or add nodes." if {
	some r in d.scheduling.reasons
	r.category == "node-unschedulable"
}

remedy := "Another pod already uses the host port on those nodes: drop hostPort (use a Service) or run fewer replicas than nodes." if {
	some r in d.scheduling.reasons
	r.category == "ports"
	not node_unschedulable
}

remedy := "Read the scheduler's message in the evidence: with no nodes at all, check that nodes have registered and are Ready (kubectl get nodes); otherwise it names what rules the nodes out." if {
	not node_unschedulable
	not ports_in_use
}

ports_in_use if {
	some r in d.scheduling.reasons
	r.category == "ports"
}

node_unschedulable if {
	some r in d.scheduling.reasons
	r.category == "node-unschedulable"
}
