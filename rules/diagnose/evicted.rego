# METADATA
# title: evicted
# description: The kubelet evicted the pod because its node ran low on a resource (memory, ephemeral-storage, inodes or PIDs); the pod stays Failed and, if it has a controller, a replacement is created elsewhere.
# custom:
#   id: evicted
#   severity: warning
#   category: lifecycle
#   remedy: Set requests (and for ephemeral storage, limits) that match real use so the scheduler places pods where there is room, and find what filled the node; delete the leftover Failed pods once understood.
package poddoctor.diagnose.evicted

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.reason == "Evicted"
	f := {
		"msg": sprintf("the pod was evicted%s%s", [from_node, cause_text]),
		"evidence": [status_line],
		"remedy": remedy,
	}
}

# An evicted pod whose status message the input lacks is still reported.
status_line := sprintf("Status: Failed (Evicted): %s", [d.pod.message]) if d.pod.message
else := "Status: Failed (Evicted)"

# from_node names the node only when the input has it: never "node ?".
from_node := sprintf(" from node %s", [d.pod.nodeName]) if d.pod.nodeName

from_node := "" if not d.pod.nodeName

eviction := object.get(d.pod, "eviction", {})

kind := object.get(eviction, "kind", "other")

# A container over its own ephemeral-storage limit is evicted whatever the
# node has left: its own limit is the cause, not node pressure.
cause_text := sprintf(": container %q exceeded its own local ephemeral-storage limit of %s (the container's limit, not node pressure)", [eviction.containers[0].name, eviction.limit]) if kind == "container-limit"

cause_text := sprintf(": the pod's ephemeral storage use exceeded the sum of its containers' limits, %s (the pod's own limit, not node pressure)", [eviction.limit]) if kind == "pod-limit"

cause_text := sprintf(": emptyDir volume %q exceeded its sizeLimit of %s (the volume's own limit, not node pressure)", [eviction.volume, eviction.limit]) if kind == "emptydir-limit"

cause_text := sprintf(" because the node was low on %s", [eviction.resource]) if {
	not kind in {"container-limit", "pod-limit", "emptydir-limit"}
	object.get(eviction, "resource", "") != ""
}

cause_text := "" if {
	not kind in {"container-limit", "pod-limit", "emptydir-limit"}
	object.get(eviction, "resource", "") == ""
}

remedy := "Raise that container's resources.limits.ephemeral-storage to what it really writes (its writable layer, its logs, emptyDir volumes without a medium), or make it write less; the pod is evicted again at the same limit." if kind in {"container-limit", "pod-limit"}

remedy := "Raise the emptyDir volume's sizeLimit, or make the pod write less to it (or use a PersistentVolume for data that grows)." if kind == "emptydir-limit"

remedy := "Set requests (and for ephemeral storage, limits) that match real use so the scheduler places pods where there is room, and find what filled the node; delete the leftover Failed pods once understood." if not kind in {"container-limit", "pod-limit", "emptydir-limit"}
