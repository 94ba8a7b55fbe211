package poddoctor.diagnose.job_backoff_limit_test

import data.poddoctor.diagnose.job_backoff_limit
import data.poddoctor.diagnose.testfacts_test as t

# kube-controller-manager job controller v1.2x: condition Failed=True,
# reason BackoffLimitExceeded, "Job has reached the specified backoff limit".
job(job_facts, condition) := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": {
	"object": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "db-migrate"},
	"desired": 1, "current": 0, "ready": 0,
	"conditions": {"Failed": condition},
	"events": [],
	"job": job_facts,
}}

backoff := {"status": "True", "reason": "BackoffLimitExceeded", "message": "Job has reached the specified backoff limit", "ageSeconds": 600}

last_failure := {
	"pod": "db-migrate-x2k4p", "container": "migrate", "reason": "Error",
	"exit": {"code": 1, "meaning": "application error"},
	"logTail": ["Running migrations...", "django.db.utils.OperationalError: could not translate host name \"postgres\" to address: Name or service not known"],
}

test_backoff_limit_with_last_pod if {
	findings := job_backoff_limit.findings with input as job({"backoffLimit": 6, "failed": 7, "succeeded": 0, "active": 0, "lastFailure": last_failure}, backoff)
	count(findings) == 1
	some f in findings
	f.msg == "Job db-migrate failed: 7 pods failed, past its backoffLimit of 6; the last, pod db-migrate-x2k4p, exited with exit code 1 (application error) in container \"migrate\""
	f.evidence == [
		"Condition Failed=True (BackoffLimitExceeded): Job has reached the specified backoff limit",
		"| Running migrations...",
		"| django.db.utils.OperationalError: could not translate host name \"postgres\" to address: Name or service not known",
	]
}

# backoffLimit 0: one failure is enough.
test_one_pod_and_exit_unknown if {
	lf := {"pod": "db-migrate-x2k4p", "logTail": []}
	some f in job_backoff_limit.findings with input as job({"backoffLimit": 0, "failed": 1, "succeeded": 0, "active": 0, "lastFailure": lf}, backoff)
	f.msg == "Job db-migrate failed: 1 pod failed, past its backoffLimit of 0; the last was pod db-migrate-x2k4p"
}

# The failed pods were garbage-collected: no last pod to describe.
test_no_last_pod if {
	some f in job_backoff_limit.findings with input as job({"backoffLimit": 3, "failed": 4, "succeeded": 0, "active": 0}, backoff)
	f.msg == "Job db-migrate failed: 4 pods failed, past its backoffLimit of 3"
	f.evidence == ["Condition Failed=True (BackoffLimitExceeded): Job has reached the specified backoff limit"]
}

# A deadline is deadline-exceeded's; a Job still retrying or done is quiet.
test_near_misses_are_quiet if {
	jf := {"backoffLimit": 6, "failed": 2, "succeeded": 0, "active": 1}
	count(job_backoff_limit.findings) == 0 with input as job(jf, {"status": "True", "reason": "DeadlineExceeded", "message": "Job was active longer than specified deadline", "ageSeconds": 60})
	count(job_backoff_limit.findings) == 0 with input as job(jf, {"status": "False", "reason": "BackoffLimitExceeded", "ageSeconds": 60})
	count(job_backoff_limit.findings) == 0 with input as t.pod_with(t.base_container)
}
