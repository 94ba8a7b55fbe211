# METADATA
# title: scheduling-gated
# description: The pod is held back from scheduling by schedulingGates that some controller has not removed yet.
# custom:
#   id: scheduling-gated
#   severity: warning
#   category: scheduling
#   remedy: Find the controller that owns each gate (the gate's name usually names it) and why it has not removed it; remove a gate by hand only if that controller is gone.
package poddoctor.diagnose.scheduling_gated

import data.poddoctor.lib.diagnose as d

findings contains f if {
	count(d.pod.schedulingGates) > 0
	f := {
		"msg": sprintf("the pod waits for its scheduling gates to be removed: %s", [concat(", ", d.pod.schedulingGates)]),
		"path": "spec.schedulingGates",
		"evidence": gate_evidence,
	}
}

gate_evidence := [sprintf("Condition PodScheduled=False (SchedulingGated), for %s", [d.age(c.ageSeconds)])] if {
	c := d.pod.conditions.PodScheduled
	c.reason == "SchedulingGated"
}

gate_evidence := [] if not d.pod.conditions.PodScheduled.reason == "SchedulingGated"
