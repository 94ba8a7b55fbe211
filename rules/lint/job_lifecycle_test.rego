package poddoctor.lint.job_lifecycle_test

import data.poddoctor.lint.job_lifecycle as rule

test_job_ttl if {
	count(rule.findings) == 1 with input as {"kind": "Job", "metadata": {"name": "j"}, "spec": {}}
	count(rule.findings) == 0 with input as {"kind": "Job", "metadata": {"name": "j"}, "spec": {"ttlSecondsAfterFinished": 0}}
}

test_cronjob_deadline if {
	findings := rule.findings with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"schedule": "* * * * *"}}
	count(findings) == 1
	count(rule.findings) == 0 with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"startingDeadlineSeconds": 100}}
}
