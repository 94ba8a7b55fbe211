package poddoctor.diagnose.workloads_test

import data.poddoctor.diagnose.job_backoff_limit
import data.poddoctor.diagnose.pod_create_failed
import data.poddoctor.diagnose.rollout_stuck
import data.poddoctor.diagnose.testfacts_test as t

workload(kind, name, extra) := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": object.union(
	{"object": {"kind": kind, "namespace": "shop", "name": name}, "desired": 3, "current": 0, "ready": 0, "conditions": {}, "events": []},
	extra,
)}

quota_message := "Error creating: pods \"web-7d9f8b6c5d-x2k4p\" is forbidden: exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2"

test_quota if {
	facts := workload("ReplicaSet", "web-7d9f8b6c5d", {"createFailure": {"cause": "quota", "object": "compute-quota", "requested": "requests.cpu=500m", "used": "requests.cpu=2", "limited": "requests.cpu=2", "detail": "exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2", "event": t.event("Warning", "FailedCreate", quota_message, "create")}})
	some f in pod_create_failed.findings with input as facts
	f.msg == "ReplicaSet web-7d9f8b6c5d cannot create its pods (0 of 3 exist): exceeded quota compute-quota (requested requests.cpu=500m, used requests.cpu=2, limited to requests.cpu=2)"
	contains(f.remedy, "kubectl describe resourcequota -n shop")
}

test_service_account if {
	facts := workload("Job", "build", {"createFailure": {"cause": "service-account", "object": "builder", "detail": "x", "event": t.event("Warning", "FailedCreate", "Error creating: pods \"build-\" is forbidden: error looking up service account shop/builder: serviceaccount \"builder\" not found", "create")}})
	some f in pod_create_failed.findings with input as facts
	contains(f.msg, "ServiceAccount \"builder\" does not exist")
}

test_rollout_stuck if {
	facts := workload("Deployment", "web", {"ready": 1, "conditions": {"Progressing": {"status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"web-7d9f8b6c5d\" has timed out progressing."}}, "rollout": {"newReplicaSet": "web-7d9f8b6c5d", "newReady": 0, "newDesired": 3, "failingPods": 3, "podProblems": [{"reason": "ImagePullBackOff", "pods": 3, "example": "web-7d9f8b6c5d-x2k4p"}]}})
	some f in rollout_stuck.findings with input as facts
	f.msg == "Deployment web rollout is stuck (new ReplicaSet web-7d9f8b6c5d has 0 of 3 replicas ready; 1 of 3 ready in all, old ReplicaSets included): ReplicaSet web-7d9f8b6c5d has 3 failing pods, 3 in ImagePullBackOff"
	contains(f.remedy, "rollout undo -n shop deployment/web")
}

test_progressing_deployment_is_quiet if {
	facts := workload("Deployment", "web", {"conditions": {"Progressing": {"status": "True", "reason": "NewReplicaSetAvailable"}}})
	count(rollout_stuck.findings) == 0 with input as facts
}

test_job_backoff_limit if {
	facts := workload("Job", "migrate", {"conditions": {"Failed": {"status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit"}}, "job": {"backoffLimit": 2, "failed": 3, "succeeded": 0, "active": 0, "lastFailure": {"pod": "migrate-x7k2p", "container": "migrate", "reason": "Error", "exit": {"code": 1, "meaning": "general error"}, "logTail": ["relation \"users\" already exists"]}}})
	some f in job_backoff_limit.findings with input as facts
	f.msg == "Job migrate failed: 3 pods failed, past its backoffLimit of 2; the last, pod migrate-x7k2p, exited with exit code 1 (general error) in container \"migrate\""
	"| relation \"users\" already exists" in f.evidence
}
