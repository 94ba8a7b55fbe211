package poddoctor.diagnose.deadline_exceeded_test

import data.poddoctor.diagnose.container_failed
import data.poddoctor.diagnose.deadline_exceeded
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.2x (active deadline handler): reason DeadlineExceeded, message
# "Pod was active on the node longer than the specified deadline"; the
# containers end with the kubelet's SIGTERM.
stopped := t.container({"name": "report", "ready": false, "state": {"name": "terminated", "reason": "Error", "sinceSeconds": 60, "exit": {"code": 143, "signal": "SIGTERM", "meaning": "terminated: asked to stop (SIGTERM)"}}})

deadline_pod(extra) := t.pod(object.union({
	"phase": "Failed", "reason": "DeadlineExceeded", "restartPolicy": "Never",
	"message": "Pod was active on the node longer than the specified deadline",
	"activeDeadlineSeconds": 900, "containers": [stopped],
}, extra))

test_pod_deadline if {
	findings := deadline_exceeded.findings with input as deadline_pod({})
	count(findings) == 1
	some f in findings
	f.msg == "the pod ran past its activeDeadlineSeconds (900s) and was stopped"
	f.path == "spec.activeDeadlineSeconds"
	f.evidence == ["Status: Failed (DeadlineExceeded): Pod was active on the node longer than the specified deadline"]
	# the containers' exit 143 is the kubelet's stop, not a failure
	count(container_failed.findings) == 0 with input as deadline_pod({})
}

# Saved data without the pod's spec (kubectl describe text) has neither
# the deadline nor always the message: the finding must not vanish.
test_deadline_or_message_not_in_the_input if {
	no_deadline := json.remove(deadline_pod({}), ["pod/activeDeadlineSeconds"])
	some f in deadline_exceeded.findings with input as no_deadline
	f.msg == "the pod ran past its activeDeadlineSeconds and was stopped"
	no_message := json.remove(deadline_pod({}), ["pod/message"])
	some g in deadline_exceeded.findings with input as no_message
	g.evidence == ["Status: Failed (DeadlineExceeded)"]
}

# kube-controller-manager job controller v1.2x: the Job's Failed condition
# "Job was active longer than specified deadline".
test_job_deadline if {
	job := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": {
		"object": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "nightly-report-29401"},
		"owner": {"apiVersion": "batch/v1", "kind": "CronJob", "namespace": "shop", "name": "nightly-report"},
		"desired": 1, "current": 0, "ready": 0,
		"conditions": {"Failed": {"status": "True", "reason": "DeadlineExceeded", "message": "Job was active longer than specified deadline", "ageSeconds": 300}},
		"events": [],
		"job": {"backoffLimit": 6, "failed": 1, "succeeded": 0, "active": 0},
	}}
	findings := deadline_exceeded.findings with input as job
	count(findings) == 1
	some f in findings
	f.msg == "Job nightly-report-29401 ran past its activeDeadlineSeconds and was stopped: Job was active longer than specified deadline"
	f.evidence == ["Condition Failed=True (DeadlineExceeded): Job was active longer than specified deadline"]
}

# Other reasons for a failed pod or Job are not deadlines.
test_near_misses_are_quiet if {
	count(deadline_exceeded.findings) == 0 with input as deadline_pod({"reason": "Evicted"})
	backoff := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": {
		"object": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "migrate"},
		"desired": 1, "current": 0, "ready": 0,
		"conditions": {"Failed": {"status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit", "ageSeconds": 300}},
		"events": [],
	}}
	count(deadline_exceeded.findings) == 0 with input as backoff
	count(deadline_exceeded.findings) == 0 with input as t.pod_with(t.base_container)
}
