package poddoctor.diagnose.rollout_stuck_test

import data.poddoctor.diagnose.rollout_stuck
import data.poddoctor.diagnose.testfacts_test as t

# kube-controller-manager deployment controller: Progressing=False,
# reason ProgressDeadlineExceeded, "ReplicaSet \"web-7d9f8b6c5d\" has
# timed out progressing."
deployment(progressing, rollout, ready) := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": {
	"object": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
	"desired": 3, "current": 4, "ready": ready,
	"conditions": {"Progressing": progressing, "Available": {"status": "True", "reason": "MinimumReplicasAvailable", "ageSeconds": 86400}},
	"events": [],
	"rollout": rollout,
}}

stuck := {"status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-7d9f8b6c5d\" has timed out progressing.", "ageSeconds": 300}

failing := {"newReplicaSet": "web-7d9f8b6c5d", "newReady": 0, "newDesired": 1, "failingPods": 1, "podProblems": [{"reason": "ImagePullBackOff", "pods": 1, "example": "web-7d9f8b6c5d-x2k4p"}]}

test_new_pods_stuck if {
	findings := rollout_stuck.findings with input as deployment(stuck, failing, 3)
	count(findings) == 1
	some f in findings
	f.msg == "Deployment web rollout is stuck (new ReplicaSet web-7d9f8b6c5d has 0 of 1 replicas ready; 3 of 3 ready in all, old ReplicaSets included): ReplicaSet web-7d9f8b6c5d has 1 failing pod, 1 in ImagePullBackOff"
	f.evidence == [
		"Condition Progressing=False (ProgressDeadlineExceeded): ReplicaSet \"web-7d9f8b6c5d\" has timed out progressing.",
		"1 pod ImagePullBackOff, for example web-7d9f8b6c5d-x2k4p (kubectl describe pod -n shop web-7d9f8b6c5d-x2k4p)",
	]
	f.remedy == "Fix what keeps the new pods from becoming ready, or roll back: kubectl rollout undo -n shop deployment/web"
}

test_several_problems if {
	r := {"newReplicaSet": "web-7d9f8b6c5d", "newReady": 0, "newDesired": 3, "failingPods": 3, "podProblems": [{"reason": "CrashLoopBackOff", "pods": 2, "example": "web-7d9f8b6c5d-a"}, {"reason": "Pending", "pods": 1, "example": "web-7d9f8b6c5d-b"}]}
	some f in rollout_stuck.findings with input as deployment(stuck, r, 0)
	endswith(f.msg, ": ReplicaSet web-7d9f8b6c5d has 3 failing pods, 2 in CrashLoopBackOff, 1 in Pending")
}

# kubectl describe prints the condition without its message, and an input
# without the ReplicaSets has no rollout detail: still a finding.
test_sparse_input if {
	c := json.remove(stuck, ["message"])
	some f in rollout_stuck.findings with input as deployment(c, {"newReady": 0, "newDesired": 0, "failingPods": 0, "podProblems": []}, 2)
	f.msg == "Deployment web rollout is stuck (2 of 3 replicas ready)"
	f.evidence == ["Condition Progressing=False (ProgressDeadlineExceeded)"]
}

# A rollout in progress (ReplicaSetUpdated) or done
# (NewReplicaSetAvailable) is fine.
test_progressing_is_quiet if {
	count(rollout_stuck.findings) == 0 with input as deployment({"status": "True", "reason": "ReplicaSetUpdated", "ageSeconds": 30}, failing, 3)
	count(rollout_stuck.findings) == 0 with input as deployment({"status": "True", "reason": "NewReplicaSetAvailable", "ageSeconds": 30}, failing, 3)
	count(rollout_stuck.findings) == 0 with input as t.pod_with(t.base_container)
}
