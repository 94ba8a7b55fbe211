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
		"msg": sprintf("the pod cannot be scheduled: %s%s", [concat("; ", [text(r) | some r in d.cause_reasons]), claims_text]),
		"path": "spec.volumes",
		"evidence": array.concat(d.scheduling_evidence, claim_event_lines),
	}
}

text(r) := sprintf("%s: %s", [d.node_count(r.nodes), r.text]) if r.nodes > 0

text(r) := r.text if r.nodes <= 0

claims := object.get(d.pod, "claims", [])

# claims_text names each claim the pod mounts with what the input says of it.
claims_text := sprintf("; %s", [concat("; ", [claim_text(c) | some c in claims])]) if count(claims) > 0

claims_text := "" if count(claims) == 0

claim_text(c) := sprintf("claim %s does not exist in namespace %s", [c.name, d.pod.object.namespace]) if c.status == "missing"

claim_text(c) := sprintf("claim %s is not in the input (kubectl describe pvc -n %s %s shows its phase and events)", [c.name, d.pod.object.namespace, c.name]) if c.status == "not-captured"

claim_text(c) := sprintf("claim %s is %s%s%s", [c.name, object.get(c, "phase", "of unknown phase"), class_text(c), last_event(c)]) if {
	c.status == "found"
	object.get(c, "phase", "") != "Bound"
}

claim_text(c) := sprintf("claim %s is bound to PersistentVolume %s", [c.name, object.get(c, "volumeName", "?")]) if {
	c.status == "found"
	c.phase == "Bound"
}

class_text(c) := sprintf(" (storage class %s, which does not exist)", [c.storageClass]) if {
	c.storageClass
	c.storageClassStatus == "missing"
}

class_text(c) := " (no storage class, and no default StorageClass exists)" if {
	not c.storageClass
	c.storageClassStatus == "missing"
}

class_text(c) := sprintf(" (storage class %s, provisioner %s)", [object.get(c, "storageClass", "default"), c.provisioner]) if {
	c.storageClassStatus != "missing"
	c.provisioner
}

class_text(c) := sprintf(" (storage class %s)", [c.storageClass]) if {
	c.storageClassStatus != "missing"
	not c.provisioner
	c.storageClass
}

class_text(c) := "" if {
	c.storageClassStatus != "missing"
	not c.provisioner
	not c.storageClass
}

class_text(c) := "" if not c.storageClassStatus

last_event(c) := sprintf(": %s", [c.events[0].message]) if count(c.events) > 0

last_event(c) := "" if count(c.events) == 0

claim_event_lines := [sprintf("PVC %s: %s", [c.name, e.text]) | some c in claims; some e in c.events]
