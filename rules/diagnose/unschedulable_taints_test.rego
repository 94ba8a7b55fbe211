package poddoctor.diagnose.unschedulable_taints_test

import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.unschedulable_taints
import data.poddoctor.diagnose.testfacts_test as t

scheduler_event(message) := object.union(t.event("Warning", "FailedScheduling", message, "scheduling"), {"source": "default-scheduler", "text": sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message])})

pending(s, message) := t.pod({"phase": "Pending", "scheduling": s, "events": [scheduler_event(message)]})

# kube-scheduler v1.2x: a dedicated GPU pool the pod does not tolerate.
gpu_message := "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.."

gpu := {
	"cause": "taints",
	"detail": "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 4 node(s) had untolerated taint {dedicated: gpu}.",
	"reasons": [
		{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
		{"category": "taints", "nodes": 4, "taint": "dedicated=gpu", "text": "node(s) had untolerated taint {dedicated: gpu}"},
	],
	"totalNodes": 5,
}

test_dedicated_pool if {
	findings := unschedulable_taints.findings with input as pending(gpu, gpu_message)
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot be scheduled: 1 of 5 nodes have the taint node-role.kubernetes.io/control-plane that the pod does not tolerate; 4 of 5 nodes have the taint dedicated=gpu that the pod does not tolerate"
	f.path == "spec.tolerations"
	sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [gpu_message]) in f.evidence
	count(unschedulable.findings) == 0 with input as pending(gpu, gpu_message)
}

# kube-scheduler v1.19: "had taint {...}, that the pod didn't tolerate";
# a reason without a parsed taint still reads.
test_old_wording_without_taint if {
	s := {"cause": "taints", "detail": "0/3 nodes are available: 3 node(s) had taints that the pod didn't tolerate.", "reasons": [{"category": "taints", "nodes": 3, "text": "node(s) had taints that the pod didn't tolerate"}], "totalNodes": 3}
	some f in unschedulable_taints.findings with input as pending(s, "0/3 nodes are available: 3 node(s) had taints that the pod didn't tolerate.")
	f.msg == "the pod cannot be scheduled: 3 of 3 nodes have taints that the pod does not tolerate"
}

# Nodes tainted not-ready or unreachable point at the nodes, not at the
# tolerations: that is unschedulable's finding (cause node-unschedulable).
test_condition_taints_are_not_this_rule if {
	s := {
		"cause": "node-unschedulable",
		"detail": "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.",
		"reasons": [
			{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
			{"category": "node-unschedulable", "nodes": 2, "taint": "node.kubernetes.io/not-ready", "text": "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"},
		],
		"totalNodes": 3,
	}
	count(unschedulable_taints.findings) == 0 with input as pending(s, s.detail)
	count(unschedulable.findings) == 1 with input as pending(s, s.detail)
}

test_no_scheduling_verdict_is_quiet if {
	count(unschedulable_taints.findings) == 0 with input as t.pod({"phase": "Pending"})
}
