# METADATA
# title: cronjob-starting-deadline
# description: A CronJob sets no startingDeadlineSeconds, so a run that could not start on time (the controller was down, the cluster was busy) starts whenever it can, however late, and a CronJob that misses more than 100 schedules in a row stops scheduling altogether ('Cannot determine if job needs to be started. Too many missed start time'). Off by default (profile strict).
# custom:
#   id: cronjob-starting-deadline
#   severity: info
#   category: reliability
#   profile: strict
#   remedy: Set spec.startingDeadlineSeconds to how late a run may still start (for example 300), below the interval between two schedules.
#   peers: [kube-score:cronjob-has-deadline]
package poddoctor.lint.cronjob_starting_deadline

findings contains f if {
	input.kind == "CronJob"
	not is_number(object.get(input, ["spec", "startingDeadlineSeconds"], null))
	f := {
		"msg": sprintf("CronJob %s sets no startingDeadlineSeconds", [input.metadata.name]),
		"path": "spec",
	}
}
