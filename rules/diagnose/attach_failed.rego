# METADATA
# title: attach-failed
# description: A volume cannot be attached to the pod's node (FailedAttachVolume); most often a ReadWriteOnce volume is still attached to another node (Multi-Attach error) after a pod moved.
# custom:
#   id: attach-failed
#   severity: error
#   category: volumes
#   remedy: For Multi-Attach, wait for or delete the old pod on the other node (and check that node is healthy); use a Deployment strategy Recreate, or a StatefulSet, for ReadWriteOnce volumes. Otherwise read the attach error and the CSI controller's logs.
package poddoctor.diagnose.attach_failed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some m in d.pod.mounts
	attach(m)
	m == first_attach
	not d.pod.phase in {"Running", "Succeeded"}
	f := {
		"msg": sprintf("the pod cannot start: %s", [what(m)]),
		"path": "spec.volumes",
		"evidence": [m.event.text],
	}
}

attach(m) if m.event.reason == "FailedAttachVolume"

attach(m) if m.cause in {"multi-attach", "attach-failed"}

first_attach := [m | some m in d.pod.mounts; attach(m)][0]

what(m) := sprintf("volume %q is still attached to another node (Multi-Attach error)", [m.volume]) if m.cause == "multi-attach"

what(m) := sprintf("volume %q cannot be attached: %s", [object.get(m, "volume", "?"), m.detail]) if m.cause != "multi-attach"
