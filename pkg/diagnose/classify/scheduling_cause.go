package classify

import "strings"

// controlPlaneTaints are the taints kubeadm and most distributions put on
// control-plane nodes: a pod that does not tolerate them was never meant to
// run there.
var controlPlaneTaints = []string{"node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane"}

// schedulingCause picks, among the per-node reasons of one scheduling
// attempt, the category that keeps the pod off the nodes it could otherwise
// use. kube-scheduler files each node under the first filter it failed, in
// the order of the default profile: NodeUnschedulable, TaintToleration,
// NodeAffinity, NodePorts, NodeResourcesFit, the volume plugins, then
// PodTopologySpread and InterPodAffinity. A node that reports a later filter
// passed every earlier one, so it is closer to fitting: in "1 node(s) had
// taint {node-role.kubernetes.io/master: }, 2 node(s) had volume node
// affinity conflict" the control-plane node was never a candidate and the
// volume is the cause. Within one stage, the reason given by more nodes wins.
func schedulingCause(reasons []SchedulingReason) string {
	cause, bestStage, bestNodes := "", -1, -1
	for _, r := range reasons {
		stage := filterStage(r)
		if stage > bestStage || stage == bestStage && r.Nodes > bestNodes {
			cause, bestStage, bestNodes = r.Category, stage, r.Nodes
		}
	}
	return cause
}

// filterStage is the position of the filter that gives a reason in
// kube-scheduler's default profile.
func filterStage(r SchedulingReason) int {
	lower := strings.ToLower(r.Text)
	switch r.Category {
	case SchedNodeUnschedulable:
		if r.Taint == "" && strings.Contains(lower, "unschedulable") {
			return 0 // cordoned: NodeUnschedulable
		}
		return 2 // not-ready, unreachable, pressure taints: TaintToleration
	case SchedTaints:
		if r.ControlPlane {
			return 1 // a control-plane node, before any other taint
		}
		return 2
	case SchedAffinity:
		if containsAny(lower, "pod affinity", "anti-affinity", "topology spread", "matchinterpodaffinity") {
			return 7
		}
		return 3
	case SchedPorts:
		return 4
	case SchedResources:
		return 5
	}
	return 6 // volumes, and what the scheduler's later plugins (DRA) say
}

// isControlPlaneTaint reports whether a taint, as key or key=value, is a
// control-plane node's.
func isControlPlaneTaint(taint string) bool {
	key, _, _ := strings.Cut(taint, "=")
	for _, t := range controlPlaneTaints {
		if key == t {
			return true
		}
	}
	return false
}
