package poddoctor.diagnose.scheduling_gated_test

import data.poddoctor.diagnose.scheduling_gated
import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.testfacts_test as t

# Kueue holds a workload's pods with its gate until the queue admits them;
# kube-scheduler v1.27+ sets PodScheduled=False, reason SchedulingGated,
# "Scheduling is blocked due to non-empty scheduling gates".
gated(gates) := t.pod({
	"phase": "Pending", "schedulingGates": gates,
	"conditions": {"PodScheduled": {"status": "False", "reason": "SchedulingGated", "message": "Scheduling is blocked due to non-empty scheduling gates", "ageSeconds": 900}},
})

test_gates_listed if {
	findings := scheduling_gated.findings with input as gated(["kueue.x-k8s.io/admission", "example.com/quota"])
	count(findings) == 1
	some f in findings
	f.msg == "the pod waits for its scheduling gates to be removed: kueue.x-k8s.io/admission, example.com/quota"
	f.path == "spec.schedulingGates"
	f.evidence == ["Condition PodScheduled=False (SchedulingGated), for 15m"]
	# not also an unschedulable pod: the scheduler never saw it
	count(unschedulable.findings) == 0 with input as gated(["kueue.x-k8s.io/admission"])
}

# Without the condition in the input the gates are still the finding.
test_without_condition if {
	facts := t.pod({"phase": "Pending", "schedulingGates": ["kueue.x-k8s.io/admission"]})
	some f in scheduling_gated.findings with input as facts
	f.evidence == []
}

test_no_gates_is_quiet if {
	count(scheduling_gated.findings) == 0 with input as gated([])
	count(scheduling_gated.findings) == 0 with input as t.pod_with(t.base_container)
}
