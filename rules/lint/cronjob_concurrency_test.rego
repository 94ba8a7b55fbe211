package poddoctor.lint.cronjob_concurrency_test

import data.poddoctor.lint.cronjob_concurrency as rule

test_concurrency if {
	count(rule.findings) == 1 with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"schedule": "* * * * *"}}
	count(rule.findings) == 0 with input as {"kind": "CronJob", "metadata": {"name": "c"}, "spec": {"concurrencyPolicy": "Allow"}}
}
