package poddoctor.diagnose.attach_failed_test

import data.poddoctor.diagnose.attach_failed
import data.poddoctor.diagnose.mount_failed
import data.poddoctor.diagnose.testfacts_test as t

# The attach/detach controller of kube-controller-manager writes these
# (source attachdetach-controller).
attach_event(reason, message, classified) := object.union(classified, {"event": object.union(t.event("Warning", reason, message, "volume"), {"source": "attachdetach-controller"})})

pending(mounts) := t.pod({"phase": "Pending", "mounts": mounts})

multi := attach_event("FailedAttachVolume", "Multi-Attach error for volume \"pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3\" Volume is already used by pod(s) web-0", {"cause": "multi-attach", "volume": "pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3", "detail": "Multi-Attach error for volume \"pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3\" Volume is already used by pod(s) web-0"})

test_multi_attach if {
	findings := attach_failed.findings with input as pending([multi])
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot start: volume \"pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3\" is still attached to another node (Multi-Attach error)"
	f.path == "spec.volumes"
	f.evidence == [multi.event.text]
}

# kube-controller-manager 1.1x + Longhorn: the CSI attacher's own error.
test_attach_failed if {
	m := attach_event("FailedAttachVolume", "AttachVolume.Attach failed for volume \"pvc-ed79cf0c-7d59-427f-b64b-8ad8815421b0\" : volume attachment is being deleted", {"cause": "attach-failed", "volume": "pvc-ed79cf0c-7d59-427f-b64b-8ad8815421b0", "detail": "volume attachment is being deleted"})
	some f in attach_failed.findings with input as pending([m])
	f.msg == "the pod cannot start: volume \"pvc-ed79cf0c-7d59-427f-b64b-8ad8815421b0\" cannot be attached: volume attachment is being deleted"
}

# Only the newest attach failure speaks, and the mount timeout it causes
# is not reported on its own.
test_newest_only_and_no_mount_finding if {
	older := attach_event("FailedAttachVolume", "AttachVolume.Attach failed for volume \"pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3\" : rpc error: code = DeadlineExceeded desc = context deadline exceeded", {"cause": "attach-failed", "volume": "pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3", "detail": "rpc error: code = DeadlineExceeded desc = context deadline exceeded"})
	timeout := object.union({"cause": "timeout", "volume": "data", "detail": "unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition"}, {"event": t.event("Warning", "FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition", "volume")})
	findings := attach_failed.findings with input as pending([timeout, multi, older])
	{f.msg | some f in findings} == {"the pod cannot start: volume \"pvc-8e2f4a7b-3c1d-4e5f-a6b7-c8d9e0f1a2b3\" is still attached to another node (Multi-Attach error)"}
	count(mount_failed.findings) == 0 with input as pending([timeout, multi, older])
}

# A pod that runs (the volume moved in the end) and plain mount failures
# are quiet.
test_near_misses_are_quiet if {
	count(attach_failed.findings) == 0 with input as object.union(pending([multi]), {"pod": {"phase": "Running"}})
	cm := object.union({"cause": "missing-configmap", "volume": "config", "object": "app-config", "detail": "configmap \"app-config\" not found"}, {"event": t.event("Warning", "FailedMount", "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found", "volume")})
	count(attach_failed.findings) == 0 with input as pending([cm])
}
