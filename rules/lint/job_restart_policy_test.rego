package poddoctor.lint.job_restart_policy_test

import data.poddoctor.lint.job_restart_policy as rule

job(spec) := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}}}

test_restart_policy if {
	some f in rule.findings with input as job({})
	f.msg == "Job j: the pod template's restartPolicy is unset (Always); a Job needs Never or OnFailure"
	count(rule.findings) == 1 with input as job({"restartPolicy": "Always"})
	count(rule.findings) == 0 with input as job({"restartPolicy": "Never"})
	cron := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [{"name": "a", "image": "a:1"}]}}}}}}
	count(rule.findings) == 0 with input as cron
}
