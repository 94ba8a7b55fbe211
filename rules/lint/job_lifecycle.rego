# METADATA
# title: job-lifecycle
# description: A Job has no ttlSecondsAfterFinished, so finished Jobs and their pods stay in the cluster until someone deletes them; or a CronJob's job template sets ttlSecondsAfterFinished, so its Jobs are deleted that long after they finish whatever successfulJobsHistoryLimit and failedJobsHistoryLimit keep, and the history of failed runs disappears with them. Off by default (profile strict).
# custom:
#   id: job-lifecycle
#   severity: info
#   category: reliability
#   profile: strict
#   remedy: Set spec.ttlSecondsAfterFinished on standalone Jobs; on a CronJob, drop it from the job template and keep the Jobs you want with successfulJobsHistoryLimit and failedJobsHistoryLimit.
#   peers: [kube-linter:job-ttl-seconds-after-finished]
package poddoctor.lint.job_lifecycle

findings contains f if {
	input.kind == "Job"
	not has_owner
	not is_number(object.get(input, ["spec", "ttlSecondsAfterFinished"], null))
	f := {
		"msg": sprintf("Job %s sets no ttlSecondsAfterFinished, so it stays after it finishes", [input.metadata.name]),
		"path": "spec",
	}
}

findings contains f if {
	input.kind == "CronJob"
	ttl := object.get(input, ["spec", "jobTemplate", "spec", "ttlSecondsAfterFinished"], null)
	is_number(ttl)
	f := {
		"msg": sprintf("CronJob %s deletes its Jobs %d seconds after they finish (ttlSecondsAfterFinished), whatever its history limits keep", [input.metadata.name, ttl]),
		"path": "spec.jobTemplate.spec.ttlSecondsAfterFinished",
	}
}

# A Job a CronJob (or another controller) made is cleaned up by its owner.
# ownerReferences of another type is invalid-manifest's to report: no owner.
has_owner if {
	refs := object.get(input, ["metadata", "ownerReferences"], [])
	is_array(refs)
	count(refs) > 0
}
