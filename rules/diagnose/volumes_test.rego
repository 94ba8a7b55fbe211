package poddoctor.diagnose.volumes_test

import data.poddoctor.diagnose.attach_failed
import data.poddoctor.diagnose.mount_failed
import data.poddoctor.diagnose.testfacts_test as t

mount(cause, volume, object, reason) := {
	"cause": cause, "volume": volume, "object": object, "detail": "details",
	"event": t.event("Warning", reason, sprintf("MountVolume.SetUp failed for volume %q : configmap %q not found", [volume, object]), "volume"),
}

pending(mounts) := t.pod({"phase": "Pending", "mounts": mounts})

test_missing_configmap_volume_once if {
	facts := pending([mount("missing-configmap", "config", "app-config", "FailedMount"), mount("missing-configmap", "config", "app-config", "FailedMount")])
	findings := mount_failed.findings with input as facts
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot start: volume \"config\" cannot be mounted: ConfigMap \"app-config\" does not exist"
	contains(f.remedy, "namespace shop")
}

test_missing_pvc if {
	some f in mount_failed.findings with input as pending([mount("missing-pvc", "data", "data-db-0", "FailedMount")])
	contains(f.msg, "PersistentVolumeClaim \"data-db-0\" does not exist")
}

test_multi_attach if {
	facts := pending([mount("multi-attach", "pvc-0c1d", "", "FailedAttachVolume")])
	some f in attach_failed.findings with input as facts
	contains(f.msg, "Multi-Attach")
	count(mount_failed.findings) == 0 with input as facts
}

test_running_pod_is_quiet if {
	facts := t.pod({"phase": "Running", "mounts": [mount("timeout", "data", "", "FailedMount")]})
	count(mount_failed.findings) == 0 with input as facts
}

test_timeout_after_attach_failure_is_not_a_second_cause if {
	facts := pending([mount("multi-attach", "pvc-0c1d", "", "FailedAttachVolume"), mount("timeout", "data", "", "FailedMount")])
	count(mount_failed.findings) == 0 with input as facts
	count(attach_failed.findings) == 1 with input as facts
}
