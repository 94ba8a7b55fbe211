package poddoctor.diagnose.unschedulable_test

import data.poddoctor.diagnose.unschedulable
import data.poddoctor.diagnose.unschedulable_resources
import data.poddoctor.diagnose.testfacts_test as t

scheduler_event(message) := object.union(t.event("Warning", "FailedScheduling", message, "scheduling"), {"source": "default-scheduler", "text": sprintf("Warning  FailedScheduling  60s  default-scheduler  %s", [message])})

pending(s, extra) := t.pod(object.union({"phase": "Pending", "scheduling": s, "events": [scheduler_event(s.detail)]}, extra))

# kube-scheduler on a cluster whose nodes have not registered.
test_no_nodes if {
	s := {"detail": "no nodes available to schedule pods", "reasons": [], "totalNodes": 0}
	findings := unschedulable.findings with input as pending(s, {})
	count(findings) == 1
	some f in findings
	f.msg == "the pod cannot be scheduled: no nodes available to schedule pods"
	f.path == "spec"
	startswith(f.remedy, "Read the scheduler's message in the evidence: with no nodes at all")
	f.evidence == ["Warning  FailedScheduling  60s  default-scheduler  no nodes available to schedule pods"]
}

# Cordoned nodes (kubectl cordon): node.kubernetes.io/unschedulable.
test_cordoned_nodes if {
	s := {"cause": "node-unschedulable", "detail": "0/2 nodes are available: 2 node(s) were unschedulable.", "reasons": [{"category": "node-unschedulable", "nodes": 2, "taint": "node.kubernetes.io/unschedulable", "text": "node(s) were unschedulable"}], "totalNodes": 2}
	some f in unschedulable.findings with input as pending(s, {})
	f.msg == "the pod cannot be scheduled: 0/2 nodes are available: 2 node(s) were unschedulable."
	f.remedy == "Some nodes are cordoned (SchedulingDisabled): uncordon them (kubectl uncordon NODE) or add nodes."
}

# Nodes the node lifecycle controller tainted not-ready: the node is the
# problem, not the pod's tolerations, and the pod's node condition is shown.
test_not_ready_taint if {
	s := {
		"cause": "node-unschedulable",
		"detail": "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.",
		"reasons": [
			{"category": "taints", "controlPlane": true, "nodes": 1, "taint": "node-role.kubernetes.io/control-plane", "text": "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"},
			{"category": "node-unschedulable", "nodes": 2, "taint": "node.kubernetes.io/not-ready", "text": "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"},
		],
		"totalNodes": 3,
	}
	node := {"name": "worker-1", "ready": "False", "readyReason": "KubeletNotReady", "readyMessage": "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized", "pressure": [], "taints": ["node.kubernetes.io/not-ready:NoSchedule"], "allocatable": {}}
	some f in unschedulable.findings with input as pending(s, {"node": node})
	f.msg == "the pod cannot be scheduled: 2 of 3 nodes carry node.kubernetes.io/not-ready: the node condition behind that taint, not a missing toleration, keeps the pod off"
	startswith(f.remedy, "The nodes carry taints their node lifecycle controller sets")
	f.evidence[0] == "Node worker-1: Ready=False (KubeletNotReady): container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
}

# Host ports in use (kube-scheduler NodePorts plugin).
test_host_ports if {
	s := {"cause": "ports", "detail": "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.", "reasons": [{"category": "ports", "nodes": 3, "text": "node(s) didn't have free ports for the requested pod ports"}], "totalNodes": 3}
	some f in unschedulable.findings with input as pending(s, {})
	startswith(f.remedy, "Another pod already uses the host port")
}

# Verdicts with a specific rule (resources, taints, affinity, volumes)
# are left to it; no verdict, no finding.
test_specific_causes_are_quiet if {
	s := {"cause": "resources", "detail": "0/2 nodes are available: 2 Insufficient cpu.", "reasons": [{"category": "resources", "nodes": 2, "resource": "cpu", "text": "Insufficient cpu"}], "totalNodes": 2}
	count(unschedulable.findings) == 0 with input as pending(s, {})
	count(unschedulable_resources.findings) == 1 with input as pending(s, {})
	every cause in ["taints", "affinity", "volumes"] {
		count(unschedulable.findings) == 0 with input as pending(object.union(s, {"cause": cause}), {})
	}
	count(unschedulable.findings) == 0 with input as t.pod({"phase": "Pending"})
}
