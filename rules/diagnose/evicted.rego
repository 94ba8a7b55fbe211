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
		"msg": sprintf("the pod was evicted from node %s%s", [object.get(d.pod, "nodeName", "?"), resource_text]),
		"evidence": [sprintf("Status: Failed (Evicted): %s", [d.pod.message])],
	}
}

resource_text := sprintf(" because the node was low on %s", [d.pod.eviction.resource]) if d.pod.eviction.resource

resource_text := "" if not d.pod.eviction.resource
