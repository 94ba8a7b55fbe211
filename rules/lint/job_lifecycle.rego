# METADATA
# title: job-lifecycle
# description: A Job has no ttlSecondsAfterFinished, so finished Jobs and their pods stay in the cluster until someone deletes them; or a CronJob sets no startingDeadlineSeconds (after 100 missed schedules, for example while the controller was down, it stops scheduling altogether). Off by default (profile strict).
# custom:
#   id: job-lifecycle
#   severity: info
#   category: reliability
#   profile: strict
#   remedy: Set spec.ttlSecondsAfterFinished on Jobs (a CronJob's history limits clean up its own); on CronJobs set spec.startingDeadlineSeconds.
#   peers: [kube-linter:job-ttl-seconds-after-finished, kube-score:cronjob-has-deadline]
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
	not is_number(object.get(input, ["spec", "startingDeadlineSeconds"], null))
	f := {
		"msg": sprintf("CronJob %s sets no startingDeadlineSeconds", [input.metadata.name]),
		"path": "spec",
	}
}

# A CronJob's Jobs are cleaned up by its history limits.
has_owner if count(object.get(input, ["metadata", "ownerReferences"], [])) > 0
