# METADATA
# title: job-backoff-limit
# description: A Job failed because its pods failed more times than its backoffLimit allows (BackoffLimitExceeded); the finding says how its last pod ended.
# custom:
#   id: job-backoff-limit
#   severity: error
#   category: workloads
#   remedy: Fix why the Job's pods fail (their exit code and log are in the evidence), then delete and recreate the Job; raising backoffLimit only helps with transient failures.
package poddoctor.diagnose.job_backoff_limit

import data.poddoctor.lib.diagnose as d

findings contains f if {
	c := d.workload.conditions.Failed
	c.status == "True"
	c.reason == "BackoffLimitExceeded"
	job := d.workload.job
	f := {
		"msg": sprintf("Job %s failed: %s failed, past its backoffLimit of %d%s", [d.workload.object.name, d.count_text(job.failed, "pod"), job.backoffLimit, last_text(job)]),
		"evidence": array.concat([sprintf("Condition Failed=True (BackoffLimitExceeded): %s", [c.message])], log_lines(job)),
	}
}

last_text(job) := sprintf("; the last, pod %s, exited with %s in container %q", [job.lastFailure.pod, d.exit_text(job.lastFailure.exit), job.lastFailure.container]) if job.lastFailure.exit

last_text(job) := sprintf("; the last was pod %s", [job.lastFailure.pod]) if {
	job.lastFailure.pod
	not job.lastFailure.exit
}

last_text(job) := "" if not job.lastFailure

log_lines(job) := [sprintf("| %s", [line]) | some line in job.lastFailure.logTail]

log_lines(job) := [] if not job.lastFailure
