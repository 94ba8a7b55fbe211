# METADATA
# title: job-restart-policy
# description: The pod template of a Job or CronJob leaves restartPolicy unset (which means Always) or sets Always; the API server rejects it ("Unsupported value - valid values are OnFailure, Never").
# custom:
#   id: job-restart-policy
#   severity: error
#   category: correctness
#   remedy: Set restartPolicy Never (the Job controller retries with new pods, up to backoffLimit) or OnFailure (the kubelet restarts the container in place).
#   peers: [kube-score:cronjob-restartpolicy]
package poddoctor.lint.job_restart_policy

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind in {"Job", "CronJob"}
	count(k8s.containers) > 0
	policy := object.get(k8s.pod_spec, "restartPolicy", "Always")
	not policy in {"Never", "OnFailure"}
	f := {
		"msg": sprintf("%s %s: the pod template's restartPolicy is %v; a Job needs Never or OnFailure", [input.kind, input.metadata.name, text(policy)]),
		"path": k8s.pod_spec_prefix,
	}
}

text(p) := "unset (Always)" if not k8s.pod_spec.restartPolicy

text(p) := p if k8s.pod_spec.restartPolicy
