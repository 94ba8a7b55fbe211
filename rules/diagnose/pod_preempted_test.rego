package poddoctor.diagnose.pod_preempted_test

import data.poddoctor.diagnose.pod_preempted
import data.poddoctor.diagnose.testfacts_test as t

# kube-scheduler v1.2x preemption (framework/preemption): the victim's
# Preempted event "Preempted by pod <uid> on node <node>" and, with
# PodDisruptionConditions (default since v1.26), the DisruptionTarget
# condition reason PreemptionByScheduler, message "<schedulerName>:
# preempting to accommodate a higher priority pod".
preempted_event := object.union(t.event("Normal", "Preempted", "Preempted by pod 5f0a3b1c-2d4e-4f6a-8b9c-0d1e2f3a4b5c on node worker-1", "lifecycle"), {"source": "default-scheduler", "text": "Normal  Preempted  60s  default-scheduler  Preempted by pod 5f0a3b1c-2d4e-4f6a-8b9c-0d1e2f3a4b5c on node worker-1"})

disruption := {"status": "True", "reason": "PreemptionByScheduler", "message": "default-scheduler: preempting to accommodate a higher priority pod", "ageSeconds": 60}

test_condition_and_event if {
	facts := t.pod({"phase": "Running", "conditions": {"DisruptionTarget": disruption}, "events": [preempted_event]})
	findings := pod_preempted.findings with input as facts
	count(findings) == 1
	some f in findings
	f.msg == "the pod was preempted by the scheduler to make room for a pod of higher priority"
	f.evidence == [
		"Normal  Preempted  60s  default-scheduler  Preempted by pod 5f0a3b1c-2d4e-4f6a-8b9c-0d1e2f3a4b5c on node worker-1",
		"Condition DisruptionTarget=True (PreemptionByScheduler): default-scheduler: preempting to accommodate a higher priority pod",
	]
}

# Each signal alone is enough: the event expired, or the condition was
# not captured, or the pod's status reason (kubelet: Preempting).
test_each_signal_alone if {
	count(pod_preempted.findings) == 1 with input as t.pod({"conditions": {"DisruptionTarget": disruption}})
	count(pod_preempted.findings) == 1 with input as t.pod({"events": [preempted_event]})
	count(pod_preempted.findings) == 1 with input as t.pod({"phase": "Failed", "reason": "Preempting"})
}

# Other disruptions (an eviction by the taint manager, a drain) are not
# preemptions.
test_other_disruptions_are_quiet if {
	taint := {"status": "True", "reason": "DeletionByTaintManager", "message": "Taint manager: deleting due to NoExecute taint", "ageSeconds": 60}
	count(pod_preempted.findings) == 0 with input as t.pod({"conditions": {"DisruptionTarget": taint}})
	drain := {"status": "True", "reason": "EvictionByEvictionAPI", "message": "Eviction API: evicting", "ageSeconds": 60}
	count(pod_preempted.findings) == 0 with input as t.pod({"conditions": {"DisruptionTarget": drain}})
	count(pod_preempted.findings) == 0 with input as t.pod_with(t.base_container)
}
