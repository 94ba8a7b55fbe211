package poddoctor.diagnose.unschedulable_volumes_test

import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.unschedulable_volumes
import data.poddoctor.diagnose.testfacts_test as t

scheduler_event(message) := object.union(t.event("Warning", "FailedScheduling", message, "scheduling"), {"source": "default-scheduler", "text": sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message])})

# kube-scheduler v1.2x VolumeBinding plugin.
unbound := {
	"cause": "volumes",
	"detail": "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.",
	"reasons": [{"category": "volumes", "nodes": 3, "text": "pod has unbound immediate PersistentVolumeClaims"}],
	"totalNodes": 3,
}

pending(s, claims) := t.pod({"phase": "Pending", "scheduling": s, "claims": claims, "events": [scheduler_event(s.detail)]})

# The external provisioner (ebs.csi.aws.com) says why the claim stays
# Pending: its ProvisioningFailed event.
provisioning_failed := {
	"type": "Warning", "reason": "ProvisioningFailed", "count": 9, "firstSeenSeconds": 600, "lastSeenSeconds": 60,
	"source": "ebs.csi.aws.com_ebs-csi-controller-7c9f8d6b5-xk2lm", "family": "other", "age": "60s (x9 over 10m)",
	"message": "failed to provision volume with StorageClass \"fast-ssd\": rpc error: code = Internal desc = Could not create volume \"pvc-5c2f3a1e\": could not create volume in EC2: UnauthorizedOperation: You are not authorized to perform this operation.",
	"text": "Warning  ProvisioningFailed  60s (x9 over 10m)  ebs.csi.aws.com  failed to provision volume with StorageClass \"fast-ssd\": rpc error: code = Internal desc = Could not create volume \"pvc-5c2f3a1e\": could not create volume in EC2: UnauthorizedOperation: You are not authorized to perform this operation.",
}

test_unbound_claim_with_provisioner_error if {
	claim := {"name": "data-ledger-db-0", "volume": "data", "status": "found", "phase": "Pending", "storageClass": "fast-ssd", "storageClassStatus": "found", "provisioner": "ebs.csi.aws.com", "events": [provisioning_failed]}
	findings := unschedulable_volumes.findings with input as pending(unbound, [claim])
	count(findings) == 1
	some f in findings
	f.msg == sprintf("the pod cannot be scheduled: 3 of 3 nodes: pod has unbound immediate PersistentVolumeClaims; claim data-ledger-db-0 is Pending (storage class fast-ssd, provisioner ebs.csi.aws.com): %s", [provisioning_failed.message])
	f.path == "spec.volumes"
	sprintf("PVC data-ledger-db-0: %s", [provisioning_failed.text]) in f.evidence
	count(unschedulable.findings) == 0 with input as pending(unbound, [claim])
}

test_missing_claim if {
	s := {"cause": "volumes", "detail": "0/3 nodes are available: persistentvolumeclaim \"uploads\" not found.", "reasons": [{"category": "volumes", "nodes": 3, "text": "persistentvolumeclaim \"uploads\" not found"}], "totalNodes": 3}
	some f in unschedulable_volumes.findings with input as pending(s, [{"name": "uploads", "volume": "uploads", "status": "missing", "events": []}])
	f.msg == "the pod cannot be scheduled: 3 of 3 nodes: persistentvolumeclaim \"uploads\" not found; claim uploads does not exist in namespace shop"
}

# The StorageClass named does not exist, or none is the default.
test_storage_class_missing if {
	named := {"name": "data", "volume": "data", "status": "found", "phase": "Pending", "storageClass": "fast-sdd", "storageClassStatus": "missing", "events": []}
	some f in unschedulable_volumes.findings with input as pending(unbound, [named])
	endswith(f.msg, "claim data is Pending (storage class fast-sdd, which does not exist)")
	no_default := {"name": "data", "volume": "data", "status": "found", "phase": "Pending", "storageClassStatus": "missing", "events": []}
	some g in unschedulable_volumes.findings with input as pending(unbound, [no_default])
	endswith(g.msg, "claim data is Pending (no storage class, and no default StorageClass exists)")
}

# A claim bound to a volume in another zone: "volume node affinity
# conflict"; the claim is Bound, and said so.
test_node_affinity_conflict if {
	s := {
		"cause": "volumes",
		"detail": "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had volume node affinity conflict.",
		"reasons": [
			{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
			{"category": "volumes", "nodes": 2, "text": "node(s) had volume node affinity conflict"},
		],
		"totalNodes": 3,
	}
	claim := {"name": "data-postgres-0", "volume": "data", "status": "found", "phase": "Bound", "volumeName": "pvc-9d8c7b6a", "storageClassStatus": "found", "events": []}
	some f in unschedulable_volumes.findings with input as pending(s, [claim])
	f.msg == "the pod cannot be scheduled: 2 of 3 nodes: node(s) had volume node affinity conflict; claim data-postgres-0 is bound to PersistentVolume pvc-9d8c7b6a"
}

# Claims not captured are said to be unknown rather than guessed.
test_claim_not_captured if {
	some f in unschedulable_volumes.findings with input as pending(unbound, [{"name": "data-db-0", "volume": "data", "status": "not-captured", "events": []}])
	endswith(f.msg, "claim data-db-0 is not in the input (kubectl describe pvc -n shop data-db-0 shows its phase and events)")
}

test_other_causes_are_quiet if {
	count(unschedulable_volumes.findings) == 0 with input as pending(object.union(unbound, {"cause": "resources"}), [])
	count(unschedulable_volumes.findings) == 0 with input as t.pod({"phase": "Pending"})
}
