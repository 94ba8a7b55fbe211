package poddoctor.lint.job_lifecycle_test

import data.poddoctor.lint.job_lifecycle as rule

test_job_ttl if {
	count(rule.findings) == 1 with input as {"kind": "Job", "metadata": {"name": "j"}, "spec": {}}
	count(rule.findings) == 0 with input as {"kind": "Job", "metadata": {"name": "j"}, "spec": {"ttlSecondsAfterFinished": 0}}
	count(rule.findings) == 0 with input as {"kind": "Job", "metadata": {"name": "j", "ownerReferences": [{"kind": "CronJob", "name": "c"}]}, "spec": {}}
}

test_cronjob_ttl if {
	some f in rule.findings with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"ttlSecondsAfterFinished": 1200}}}}
	f.path == "spec.jobTemplate.spec.ttlSecondsAfterFinished"
	count(rule.findings) == 0 with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {}}}}
}
