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
		"msg": sprintf("the pod ran past its activeDeadlineSeconds%s and was stopped", [deadline_text]),
		"path": "spec.activeDeadlineSeconds",
		"evidence": [status_line],
	}
}

# Saved data without the pod's spec or status message (kubectl describe
# text) still gives the finding: only the detail it lacks is left out.
deadline_text := sprintf(" (%ds)", [seconds]) if {
	seconds := object.get(d.pod, "activeDeadlineSeconds", 0)
	seconds > 0
} else := ""

status_line := sprintf("Status: Failed (DeadlineExceeded): %s", [d.pod.message]) if d.pod.message
else := "Status: Failed (DeadlineExceeded)"

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
