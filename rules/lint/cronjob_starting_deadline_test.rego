package poddoctor.lint.cronjob_starting_deadline_test

import data.poddoctor.lint.cronjob_starting_deadline as rule

test_cronjob_deadline if {
	some f in rule.findings with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"schedule": "* * * * *"}}
	f.msg == "CronJob c sets no startingDeadlineSeconds"
	count(rule.findings) == 0 with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"startingDeadlineSeconds": 100}}
	count(rule.findings) == 0 with input as {"kind": "Job", "metadata": {"name": "j"}, "spec": {}}
}
