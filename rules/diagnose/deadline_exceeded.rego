# METADATA
# title: deadline-exceeded
# description: The pod, or its Job, ran longer than its activeDeadlineSeconds and was stopped.
# custom:
#   id: deadline-exceeded
#   severity: error
#   category: lifecycle
#   remedy: Find out why the work took so long (the logs of the stopped containers), or raise activeDeadlineSeconds if the limit is too tight for the real workload.
package poddoctor.diagnose.deadline_exceeded

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.reason == "DeadlineExceeded"
	f := {
		"msg": sprintf("the pod ran past its activeDeadlineSeconds (%ds) and was stopped", [d.pod.activeDeadlineSeconds]),
		"path": "spec.activeDeadlineSeconds",
		"evidence": [sprintf("Status: Failed (DeadlineExceeded): %s", [d.pod.message])],
	}
}

findings contains f if {
	c := d.workload.conditions.Failed
	c.status == "True"
	c.reason == "DeadlineExceeded"
	f := {
		"msg": sprintf("%s %s ran past its activeDeadlineSeconds and was stopped: %s", [d.workload.object.kind, d.workload.object.name, c.message]),
		"path": "spec.activeDeadlineSeconds",
		"evidence": [sprintf("Condition Failed=True (DeadlineExceeded): %s", [c.message])],
	}
}
