# METADATA
# title: unschedulable-taints
# description: The pod cannot be scheduled because the nodes it could use carry taints it does not tolerate (control-plane, dedicated pools, not-ready or unreachable nodes).
# custom:
#   id: unschedulable-taints
#   severity: error
#   category: scheduling
#   remedy: Add a toleration for the taint to the pod template if the pod belongs on those nodes, or make untainted nodes available; a node.kubernetes.io/not-ready or unreachable taint means the node itself is unhealthy.
package poddoctor.diagnose.unschedulable_taints

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.scheduling.cause == "taints"
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [concat("; ", [sprintf("%s have %s that the pod does not tolerate", [d.node_count(r.nodes), taint_text(r)]) | some r in d.cause_reasons])]),
		"path": "spec.tolerations",
		"evidence": d.scheduling_evidence,
	}
}

taint_text(r) := sprintf("the taint %s", [r.taint]) if r.taint

taint_text(r) := "taints" if not r.taint
