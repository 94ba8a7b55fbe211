# METADATA
# title: mount-failed
# description: A volume of the pod cannot be mounted (FailedMount), so its containers cannot start; the ConfigMap, Secret or PersistentVolumeClaim behind it is missing, or mounting timed out.
# custom:
#   id: mount-failed
#   severity: error
#   category: volumes
#   remedy: Create the missing object in the pod's namespace or fix its name in the pod's volumes; for timeouts, check the storage driver's pods and the PersistentVolumeClaim's events.
package poddoctor.diagnose.mount_failed

import data.poddoctor.lib.diagnose as d

attach_causes := {"multi-attach", "attach-failed"}

# newest is the newest mount failure per volume (mounts are newest first).
newest[volume] := m if {
	some volume in {key(m) | some m in d.pod.mounts; m.event.reason != "FailedAttachVolume"; not m.cause in attach_causes}
	candidates := [m | some m in d.pod.mounts; key(m) == volume; m.event.reason != "FailedAttachVolume"; not m.cause in attach_causes]
	m := candidates[0]
}

key(m) := object.get(m, "volume", "")

findings contains f if {
	some volume, m in newest
	not d.pod.phase in {"Running", "Succeeded"}
	not consequence_of_attach_failure(m)
	f := {
		"msg": sprintf("the pod cannot start: volume %s%s", [volume_text(volume), what(m)]),
		"path": "spec.volumes",
		"evidence": [m.event.text],
		"remedy": remedy(m),
	}
}

volume_text(v) := sprintf("%q ", [v]) if v != ""

volume_text("") := ""

what(m) := sprintf("cannot be mounted: ConfigMap %q does not exist", [m.object]) if m.cause == "missing-configmap"

what(m) := sprintf("cannot be mounted: Secret %q does not exist", [m.object]) if m.cause == "missing-secret"

what(m) := sprintf("cannot be mounted: PersistentVolumeClaim %q does not exist", [m.object]) if m.cause == "missing-pvc"

what(m) := sprintf("cannot be mounted: PersistentVolumeClaim %q is not bound", [m.object]) if m.cause == "unbound-pvc"

what(m) := sprintf("was not mounted in time: %s", [m.detail]) if m.cause == "timeout"

what(m) := sprintf("cannot be mounted: %s", [m.detail]) if m.cause in {"mount-failed", "other"}

remedy(m) := sprintf("Create the %s %q in namespace %s, or fix the name in the pod's volumes (or mark it optional).", [kind[m.cause], m.object, d.pod.object.namespace]) if kind[m.cause]

remedy(m) := "Mounting timed out: look for the real cause in the other volume events, the PersistentVolumeClaim's events (kubectl describe pvc) and the CSI driver's pods." if m.cause == "timeout"

remedy(m) := "Read the mount error in the evidence; the CSI driver's or the kubelet's logs on the node say more." if m.cause in {"mount-failed", "other", "unbound-pvc"}

kind := {"missing-configmap": "ConfigMap", "missing-secret": "Secret", "missing-pvc": "PersistentVolumeClaim"}

# A mount timeout that follows an attach failure is its consequence:
# attach-failed reports the cause.
consequence_of_attach_failure(m) if {
	m.cause == "timeout"
	some other in d.pod.mounts
	other.event.reason == "FailedAttachVolume"
}
