# METADATA
# title: unschedulable-volumes
# description: The pod cannot be scheduled because of its volumes; a PersistentVolumeClaim is unbound or missing, or the volume is bound to a zone or node the pod cannot run in (volume node affinity conflict).
# custom:
#   id: unschedulable-volumes
#   severity: error
#   category: scheduling
#   remedy: Check the claim with kubectl describe pvc (no matching PersistentVolume, no default StorageClass, a provisioner error); for a node affinity conflict, run the pod in the volume's zone or recreate the volume.
package poddoctor.diagnose.unschedulable_volumes

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.scheduling.cause == "volumes"
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [concat("; ", [text(r) | some r in d.cause_reasons])]),
		"path": "spec.volumes",
		"evidence": d.scheduling_evidence,
	}
}

text(r) := sprintf("%s: %s", [d.node_count(r.nodes), r.text]) if r.nodes > 0

text(r) := r.text if r.nodes <= 0
