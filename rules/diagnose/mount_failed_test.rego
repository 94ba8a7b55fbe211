package poddoctor.diagnose.mount_failed_test

import data.poddoctor.diagnose.attach_failed
import data.poddoctor.diagnose.mount_failed
import data.poddoctor.diagnose.testfacts_test as t

# A FailedMount or FailedAttachVolume event, as pkg/diagnose classifies it.
mount(reason, message, classified) := object.union(classified, {"event": t.event("Warning", reason, message, "volume")})

pending(mounts) := t.pod({"phase": "Pending", "mounts": mounts, "containers": [t.container({"state": {"name": "waiting", "reason": "ContainerCreating", "sinceSeconds": -1}, "ready": false, "started": false})]})

# kubelet v1.10+ (configmap manager, singular resource).
configmap := mount("FailedMount", "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found", {"cause": "missing-configmap", "volume": "config", "object": "app-config", "detail": "configmap \"app-config\" not found"})

test_missing_configmap if {
	findings := mount_failed.findings with input as pending([configmap, configmap])
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot start: volume \"config\" cannot be mounted: ConfigMap \"app-config\" does not exist"
	f.path == "spec.volumes"
	f.remedy == "Create the ConfigMap \"app-config\" in namespace shop, or fix the name in the pod's volumes (or mark it optional)."
	f.evidence == ["Warning  FailedMount  60s  kubelet  MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found"]
}

# One finding per volume, from its newest failure (mounts are newest first).
test_one_finding_per_volume if {
	secret := mount("FailedMount", "MountVolume.SetUp failed for volume \"tls\" : secret \"web-tls\" not found", {"cause": "missing-secret", "volume": "tls", "object": "web-tls", "detail": "secret \"web-tls\" not found"})
	older := mount("FailedMount", "MountVolume.SetUp failed for volume \"config\" : failed to sync configmap cache: timed out waiting for the condition", {"cause": "timeout", "volume": "config", "detail": "failed to sync configmap cache: timed out waiting for the condition"})
	findings := mount_failed.findings with input as pending([configmap, secret, older])
	{f.msg | some f in findings} == {
		"the pod cannot start: volume \"config\" cannot be mounted: ConfigMap \"app-config\" does not exist",
		"the pod cannot start: volume \"tls\" cannot be mounted: Secret \"web-tls\" does not exist",
	}
}

# kubelet v1.2x desired state populator: "error processing PVC
# kube-logging/data-es-cluster-0: PVC is not bound".
test_unbound_claim if {
	m := mount("FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[kube-api-access-8p8wf data]: error processing PVC kube-logging/data-es-cluster-0: PVC is not bound", {"cause": "unbound-pvc", "volume": "data", "object": "data-es-cluster-0", "detail": "unmounted volumes=[data], unattached volumes=[kube-api-access-8p8wf data]: error processing PVC kube-logging/data-es-cluster-0: PVC is not bound"})
	some f in mount_failed.findings with input as pending([m])
	f.msg == "the pod cannot start: volume \"data\" cannot be mounted: PersistentVolumeClaim \"data-es-cluster-0\" is not bound"
	startswith(f.remedy, "Read the mount error in the evidence")
}

# kubelet v1.27+ (wait.PollUntilContextTimeout): a timeout, whose remedy
# sends the reader to the real cause.
test_timeout if {
	m := mount("FailedMount", "Unable to attach or mount volumes: unmounted volumes=[atlantis-storage], unattached volumes=[], failed to process volumes=[]: context deadline exceeded", {"cause": "timeout", "volume": "atlantis-storage", "detail": "unmounted volumes=[atlantis-storage], unattached volumes=[], failed to process volumes=[]: context deadline exceeded"})
	some f in mount_failed.findings with input as pending([m])
	f.msg == "the pod cannot start: volume \"atlantis-storage\" was not mounted in time: unmounted volumes=[atlantis-storage], unattached volumes=[], failed to process volumes=[]: context deadline exceeded"
	startswith(f.remedy, "Mounting timed out")
}

# kubelet + CSI driver not registered on the node.
test_csi_driver_missing if {
	m := mount("FailedMount", "MountVolume.MountDevice failed for volume \"pvc-3af18048-ea20-4d6e-a55a-2cccc0381343\" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ch.ctrox.csi.s3-driver not found in the list of registered CSI drivers", {"cause": "mount-failed", "volume": "pvc-3af18048-ea20-4d6e-a55a-2cccc0381343", "detail": "kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ch.ctrox.csi.s3-driver not found in the list of registered CSI drivers"})
	some f in mount_failed.findings with input as pending([m])
	endswith(f.msg, "cannot be mounted: kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ch.ctrox.csi.s3-driver not found in the list of registered CSI drivers")
}

# A mount timeout after an attach failure is its consequence: only
# attach-failed speaks. Attach failures themselves are attach-failed's. A
# pod that runs got its volumes in the end.
test_near_misses_are_quiet if {
	attach := mount("FailedAttachVolume", "Multi-Attach error for volume \"pvc-0a5c2f1e-6b1e-4f0a-9a53-1c2d3e4f5a6b\" Volume is already exclusively attached to one node and can't be attached to another", {"cause": "multi-attach", "volume": "pvc-0a5c2f1e-6b1e-4f0a-9a53-1c2d3e4f5a6b", "detail": "Multi-Attach error for volume \"pvc-0a5c2f1e-6b1e-4f0a-9a53-1c2d3e4f5a6b\" Volume is already exclusively attached to one node and can't be attached to another"})
	timeout := mount("FailedMount", "Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition", {"cause": "timeout", "volume": "data", "detail": "unmounted volumes=[data], unattached volumes=[data]: timed out waiting for the condition"})
	count(mount_failed.findings) == 0 with input as pending([timeout, attach])
	count(attach_failed.findings) == 1 with input as pending([timeout, attach])
	count(mount_failed.findings) == 0 with input as object.union(pending([configmap]), {"pod": {"phase": "Running"}})
	count(mount_failed.findings) == 0 with input as pending([])
}
