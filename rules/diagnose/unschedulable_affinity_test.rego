package poddoctor.diagnose.unschedulable_affinity_test

import data.poddoctor.diagnose.unschedulable_affinity
import data.poddoctor.diagnose.unschedulable_taints
import data.poddoctor.diagnose.testfacts_test as t

scheduler_event(message) := object.union(t.event("Warning", "FailedScheduling", message, "scheduling"), {"source": "default-scheduler", "text": sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message])})

pending(s) := t.pod({"phase": "Pending", "scheduling": s, "events": [scheduler_event(s.detail)]})

# kube-scheduler v1.2x: a nodeSelector matching no worker.
selector := {
	"cause": "affinity",
	"detail": "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.",
	"reasons": [
		{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
		{"category": "affinity", "nodes": 2, "text": "node(s) didn't match Pod's node affinity/selector"},
	],
	"totalNodes": 3,
}

test_node_selector if {
	findings := unschedulable_affinity.findings with input as pending(selector)
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot be scheduled: 2 of 3 nodes didn't match Pod's node affinity/selector"
	f.path == "spec.affinity"
	f.evidence[0] == "Per node: 1 of 3 nodes: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: } (control-plane nodes, not meant for this pod); 2 of 3 nodes: node(s) didn't match Pod's node affinity/selector (the cause)"
	count(unschedulable_taints.findings) == 0 with input as pending(selector)
}

# kube-scheduler v1.2x: required pod anti-affinity with more replicas than
# nodes, and a topology spread constraint.
test_anti_affinity_and_spread if {
	s := {
		"cause": "affinity",
		"detail": "0/3 nodes are available: 2 node(s) didn't match pod anti-affinity rules, 1 node(s) didn't match pod topology spread constraints.",
		"reasons": [
			{"category": "affinity", "nodes": 2, "text": "node(s) didn't match pod anti-affinity rules"},
			{"category": "affinity", "nodes": 1, "text": "node(s) didn't match pod topology spread constraints"},
		],
		"totalNodes": 3,
	}
	some f in unschedulable_affinity.findings with input as pending(s)
	f.msg == "the pod cannot be scheduled: 2 of 3 nodes didn't match pod anti-affinity rules; 1 of 3 nodes didn't match pod topology spread constraints"
}

test_other_causes_are_quiet if {
	count(unschedulable_affinity.findings) == 0 with input as pending(object.union(selector, {"cause": "taints"}))
	count(unschedulable_affinity.findings) == 0 with input as t.pod({"phase": "Pending"})
}
