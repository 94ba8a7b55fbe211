package poddoctor.diagnose.stuck_terminating_test

import data.poddoctor.diagnose.stuck_terminating
import data.poddoctor.diagnose.testfacts_test as t

deleting(deletion, extra) := t.pod(object.union({"deletion": deletion}, extra))

ready_node := {"name": "worker-2", "ready": "True", "readyReason": "KubeletReady", "pressure": [], "taints": [], "allocatable": {}}

# A finalizer of a controller that is gone keeps a deleted pod forever.
test_finalizer_keeps_it if {
	findings := stuck_terminating.findings with input as deleting({"overdueSeconds": 7200, "gracePeriodSeconds": 30, "finalizers": ["registry.acme.example/deregister"]}, {"node": ready_node})
	count(findings) == 1
	some f in findings
	f.msg == "the pod has been terminating for 120m past its 30s grace period; finalizers still set: registry.acme.example/deregister"
	f.path == "metadata.finalizers"
	f.evidence == []
}

# The node stopped answering (Ready=Unknown): the kubelet never confirms
# the deletion; the node is the evidence.
test_node_gone if {
	n := {"name": "worker-3", "ready": "Unknown", "readyReason": "NodeStatusUnknown", "readyMessage": "Kubelet stopped posting node status.", "pressure": [], "taints": ["node.kubernetes.io/unreachable:NoExecute"], "allocatable": {}}
	some f in stuck_terminating.findings with input as deleting({"overdueSeconds": 900, "gracePeriodSeconds": 30, "finalizers": []}, {"node": n})
	f.msg == "the pod has been terminating for 15m past its 30s grace period"
	f.evidence == ["Node worker-3 is Unknown"]
}

# Saved data captured before the grace period visibly ran out: the
# containers have all stopped, so only the finalizers keep it.
test_all_stopped_kept_by_finalizers if {
	done := t.container({"state": {"name": "terminated", "reason": "Completed", "sinceSeconds": 20, "exit": {"code": 0, "meaning": "completed successfully"}}, "ready": false})
	facts := deleting({"overdueSeconds": -10, "gracePeriodSeconds": 30, "finalizers": ["batch.kubernetes.io/job-tracking"]}, {"containers": [done], "node": ready_node})
	findings := stuck_terminating.findings with input as facts
	count(findings) == 1
	some f in findings
	f.msg == "the pod was deleted and all its containers have stopped, but finalizers keep it: batch.kubernetes.io/job-tracking"
	f.evidence == ["Container web: Terminated (Completed), exit code 0 (completed successfully), finished 20s ago"]
}

# Still within the grace period (or barely past it), containers still
# running, or no finalizer: a deletion in progress, not stuck.
test_deletion_in_progress_is_quiet if {
	count(stuck_terminating.findings) == 0 with input as deleting({"overdueSeconds": -20, "gracePeriodSeconds": 30, "finalizers": ["registry.acme.example/deregister"]}, {"node": ready_node})
	count(stuck_terminating.findings) == 0 with input as deleting({"overdueSeconds": 120, "gracePeriodSeconds": 30, "finalizers": []}, {"node": ready_node})
	count(stuck_terminating.findings) == 0 with input as t.pod_with(t.base_container)
}
