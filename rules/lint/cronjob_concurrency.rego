# METADATA
# title: cronjob-concurrency
# description: A CronJob sets no concurrencyPolicy, so it defaults to Allow and a run that outlasts its interval overlaps the next one. Off by default (profile all) - many jobs are safe to overlap.
# custom:
#   id: cronjob-concurrency
#   severity: info
#   category: reliability
#   profile: all
#   remedy: Set spec.concurrencyPolicy Forbid (skip a run while one is active) or Replace (stop the old run), or Allow explicitly when runs may overlap.
package poddoctor.lint.cronjob_concurrency

findings contains f if {
	input.kind == "CronJob"
	not input.spec.concurrencyPolicy
	f := {
		"msg": sprintf("CronJob %s sets no concurrencyPolicy, so runs may overlap (Allow)", [input.metadata.name]),
		"path": "spec",
	}
}
