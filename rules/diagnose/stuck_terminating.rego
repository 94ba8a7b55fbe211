# METADATA
# title: stuck-terminating
# description: The pod was deleted but is still there long past its grace period; a finalizer nobody removes, or a node that no longer answers, keeps it.
# custom:
#   id: stuck-terminating
#   severity: warning
#   category: lifecycle
#   remedy: If finalizers are listed, find the controller that should remove them; if the node is gone or NotReady, the pod goes away when the node is deleted. Force deletion (kubectl delete pod --grace-period=0 --force) is the last resort and can leave the old process running.
package poddoctor.diagnose.stuck_terminating

import data.poddoctor.lib.diagnose as d

# overdue_after is how far past its grace period a deletion must be to be
# called stuck rather than slow.
overdue_after := 300

findings contains f if {
	d.pod.deletion.overdueSeconds > overdue_after
	f := {
		"msg": sprintf("the pod has been terminating for %s past its %ds grace period%s", [d.age(d.pod.deletion.overdueSeconds), d.pod.deletion.gracePeriodSeconds, finalizers]),
		"path": "metadata.finalizers",
		"evidence": evidence,
	}
}

finalizers := sprintf("; finalizers still set: %s", [concat(", ", d.pod.deletion.finalizers)]) if count(d.pod.deletion.finalizers) > 0

finalizers := "" if count(d.pod.deletion.finalizers) == 0

evidence := [sprintf("Node %s is %s", [d.pod.node.name, d.pod.node.ready])] if d.pod.node.ready != "True"

evidence := [] if not d.pod.node.ready != "True"
