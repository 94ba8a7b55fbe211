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

# A deleted pod whose containers have all stopped is kept only by its
# finalizers, whatever the clock says: saved data is often captured before
# the grace period has visibly run out (its capture time is only a guess).
findings contains f if {
	d.pod.deletion
	not d.pod.deletion.overdueSeconds > overdue_after
	count(d.pod.deletion.finalizers) > 0
	all_stopped
	f := {
		"msg": sprintf("the pod was deleted and all its containers have stopped, but finalizers keep it: %s", [concat(", ", d.pod.deletion.finalizers)]),
		"path": "metadata.finalizers",
		"evidence": array.concat([d.state_line(sprintf("Container %s", [c.name]), c.state) | some c in d.containers], evidence),
	}
}

all_stopped if {
	count(d.containers) > 0
	every c in d.containers {
		c.state.name == "terminated"
	}
}

finalizers := sprintf("; finalizers still set: %s", [concat(", ", d.pod.deletion.finalizers)]) if count(d.pod.deletion.finalizers) > 0

finalizers := "" if count(d.pod.deletion.finalizers) == 0

evidence := [sprintf("Node %s is %s", [d.pod.node.name, d.pod.node.ready])] if node_unready

evidence := [] if not node_unready

node_unready if d.pod.node.ready != "True"
