# METADATA
# title: pod-preempted
# description: The scheduler evicted the pod to make room for a pod of higher priority.
# custom:
#   id: pod-preempted
#   severity: warning
#   category: lifecycle
#   remedy: Give the workload a PriorityClass that matches its importance, or add capacity so that higher-priority pods do not need its room; a PodDisruptionBudget does not stop preemption.
package poddoctor.diagnose.pod_preempted

import data.poddoctor.lib.diagnose as d

findings contains f if {
	preempted
	f := {
		"msg": "the pod was preempted by the scheduler to make room for a pod of higher priority",
		"evidence": array.concat(d.event_lines(d.pod.events, {"lifecycle"}), condition),
	}
}

preempted if d.pod.reason == "Preempting"

preempted if d.pod.conditions.DisruptionTarget.reason == "PreemptionByScheduler"

preempted if {
	some e in d.pod.events
	e.reason == "Preempted"
}

condition := [sprintf("Condition DisruptionTarget=True (PreemptionByScheduler): %s", [c.message])] if {
	c := d.pod.conditions.DisruptionTarget
	c.reason == "PreemptionByScheduler"
}

condition := [] if not d.pod.conditions.DisruptionTarget.reason == "PreemptionByScheduler"
