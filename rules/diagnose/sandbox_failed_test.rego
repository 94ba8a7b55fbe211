package poddoctor.diagnose.sandbox_failed_test

import data.poddoctor.diagnose.sandbox_failed
import data.poddoctor.diagnose.testfacts_test as t

sandbox_pod(sandbox, message) := t.pod({
	"phase": "Pending", "nodeName": "worker-2",
	"sandbox": sandbox,
	"events": [t.event("Warning", "FailedCreatePodSandBox", message, "sandbox"), t.event("Normal", "Scheduled", "Successfully assigned shop/web-1 to worker-2", "scheduling")],
	"containers": [t.container({"state": {"name": "waiting", "reason": "ContainerCreating", "sinceSeconds": -1}, "ready": false, "started": false})],
})

# containerd 1.6 + amazon-vpc-cni-k8s 1.1x (EKS): the subnet has no free IP.
aws_message := "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"4c1f9b2a7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\": plugin type=\"aws-cni\" name=\"aws-cni\" failed (add): add cmd: failed to assign an IP address to container"

test_cni_failure if {
	findings := sandbox_failed.findings with input as sandbox_pod({"cause": "cni", "plugin": "aws-cni", "detail": "add cmd: failed to assign an IP address to container"}, aws_message)
	count(findings) == 1
	some f in findings
	f.msg == "the pod's sandbox cannot be created on node worker-2 (the network plugin failed): add cmd: failed to assign an IP address to container"
	startswith(f.remedy, "The network plugin (CNI) failed to set up the pod's network")
	f.evidence == [sprintf("Warning  FailedCreatePodSandBox  60s  kubelet  %s", [aws_message])]
}

# containerd 1.6 with no "nvidia" runtime handler for the RuntimeClass.
test_runtime_failure if {
	msg := "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"nvidia\" is configured"
	some f in sandbox_failed.findings with input as sandbox_pod({"cause": "runtime", "detail": "no runtime for \"nvidia\" is configured"}, msg)
	f.msg == "the pod's sandbox cannot be created on node worker-2 (the container runtime failed): no runtime for \"nvidia\" is configured"
	contains(f.remedy, "journalctl -u containerd")
}

# containerd 1.6 whose sandbox_image is on the frozen k8s.gcr.io.
test_pause_image if {
	msg := "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox image \"k8s.gcr.io/pause:3.6\": failed to pull image \"k8s.gcr.io/pause:3.6\": dial tcp 142.250.157.82:443: i/o timeout"
	some f in sandbox_failed.findings with input as sandbox_pod({"cause": "sandbox-image", "image": "k8s.gcr.io/pause:3.6", "detail": "failed to pull image \"k8s.gcr.io/pause:3.6\": dial tcp 142.250.157.82:443: i/o timeout"}, msg)
	contains(f.msg, "(the node cannot get the pause image)")
	contains(f.remedy, "sandbox_image")
}

test_other_cause_has_no_label if {
	some f in sandbox_failed.findings with input as sandbox_pod({"cause": "other", "detail": "something new"}, "Failed to create pod sandbox: something new")
	f.msg == "the pod's sandbox cannot be created on node worker-2: something new"
}

# A pod that got past it (Running: the kubelet retried with success) and a
# pod without a sandbox failure are quiet.
test_near_misses_are_quiet if {
	recovered := object.union(sandbox_pod({"cause": "cni", "detail": "x"}, "Failed to create pod sandbox: x"), {"pod": {"phase": "Running"}})
	count(sandbox_failed.findings) == 0 with input as recovered
	count(sandbox_failed.findings) == 0 with input as t.pod({"phase": "Pending"})
}
