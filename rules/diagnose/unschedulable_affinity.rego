# METADATA
# title: unschedulable-affinity
# description: The pod cannot be scheduled because no node satisfies its nodeSelector or node affinity, its pod affinity or anti-affinity, or its topology spread constraints.
# custom:
#   id: unschedulable-affinity
#   severity: error
#   category: scheduling
#   remedy: Compare the pod's nodeSelector and affinity with the nodes' labels (kubectl get nodes --show-labels); relax the rule, label a node, or add nodes where the anti-affinity or spread constraint can be met.
package poddoctor.diagnose.unschedulable_affinity

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.scheduling.cause == "affinity"
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [concat("; ", [sprintf("%s %s", [d.node_count(r.nodes), lower_first(r.text)]) | some r in d.cause_reasons])]),
		"path": "spec.affinity",
		"evidence": d.scheduling_evidence,
	}
}

lower_first(s) := trim_prefix(trim_prefix(s, "node(s) "), "node(s)")
