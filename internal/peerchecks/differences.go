// Package peerchecks records where poddoctor disagrees on purpose with a
// check of kube-linter, kube-score or polaris, and why. docs/rules.md
// prints it beside the peer mapping (internal/cli), and bench/peers prints
// it beside a check it does not fully catch, so a reader of either sees
// the Kubernetes reason rather than a bare miss.
package peerchecks

import "sort"

// Difference is one deliberate disagreement with a peer check.
type Difference struct {
	// Check is "tool:check", as custom.peers names it.
	Check string
	// Why says what the peer reports that poddoctor does not (or the
	// reverse), with the Kubernetes reason.
	Why string
}

// differences are keyed by "tool:check".
var differences = map[string]string{
	"polaris:hpaMinAvailability": "polaris passes an autoscaler without minReplicas; the API defaults it to 1, " +
		"so it may scale down to one pod, which autoscaler-min-replicas reports.",
	"polaris:missingNetworkPolicy": "A policy whose policyTypes name Egress (or Ingress) with no rules of that " +
		"direction denies all of that traffic: the pods are isolated, not unprotected.",
	"polaris:pullPolicyNotAlways": "An image without a tag (or :latest) already defaults to imagePullPolicy " +
		"Always; polaris wants the field written out, image-pull-policy reads the default the API sets.",
	"polaris:pdbMinAvailableGreaterThanHPAMinReplicas": "polaris' success cases block every eviction: " +
		"minAvailable equal to the autoscaler's minimum, a minimum left to default to 1, or a Deployment of " +
		"1 replica (the default) under minAvailable 2; disruption-budget reports them.",
	"polaris:rolebindingRolePodExecAttach": "polaris splits its checks by roleRef kind, so a RoleBinding to a " +
		"ClusterRole granting exec is a success case of this one (and a failure of rolebindingClusterRolePodExecAttach); " +
		"the binding grants exec in its namespace either way, and rbac-pod-exec-binding reports it whatever the roleRef kind.",
	"polaris:topologySpreadConstraint": "The failure cases are Deployments of one replica (replicas unset, and no " +
		"autoscaler in the input): one pod cannot be spread, so pod-spreading asks for spreading only when " +
		"spec.replicas or an autoscaler's maxReplicas allows more than one pod.",
	"polaris:metadataAndInstanceMismatched": "Not covered: Helm sets app.kubernetes.io/instance to the release " +
		"name, not the object's name, so the check fires on nearly every chart.",
	"polaris:nakedPod": "Not a polaris check but a custom-check fixture of its test suite (test/checks/nakedPod): " +
		"the label app.kubernetes.io/name must equal the Pod's name. Kubernetes' recommended labels make that label " +
		"the application's name, which Helm charts set to the chart's name, not the object's, so no rule asks for it; " +
		"naked-pod covers bare Pods.",
	"polaris:oneController": "Not a polaris check but a custom-check fixture of its test suite " +
		"(test/checks/oneController): the nakedPod label test on a StatefulSet written as apiVersion v1, which the " +
		"API server refuses (unknown-kind reports it).",
	"kube-linter:dangling-networkpolicy": "kube-linter reports a NetworkPolicy in an input with no pod at all. " +
		"Policies are often applied apart from the workloads (a policy chart, a platform repository), " +
		"so network-policy-selects-nothing judges only when the input holds pod templates in the policy's namespace.",
	"kube-linter:dangling-networkpolicypeer-podselector": "As dangling-networkpolicy: a peer's podSelector is judged only " +
		"when the input holds pod templates in the policy's namespace.",
	"kube-linter:no-rolling-update-strategy": "kube-linter wants the strategy written out; an unset strategy is RollingUpdate " +
		"(the API's default), so rolling-update-strategy reports only Recreate and OnDelete.",
	"kube-linter:restart-policy": "kube-linter accepts OnFailure on Deployments, ReplicaSets, DaemonSets and " +
		"ReplicationControllers, which the API server rejects (only Always), and reports Never on Pods and Jobs, " +
		"which is valid (Helm test pods, Jobs). restart-policy reports what the API rejects; job-restart-policy covers Jobs.",
	"kube-linter:sorted-keys": "Not covered: the order of keys means nothing to the API server, and kubectl, Helm " +
		"and Kustomize rewrite it; a style rule belongs in a YAML formatter.",
	"kube-score:stable-version": "kube-score grades for Kubernetes 1.18 unless told otherwise, where batch/v1beta1 " +
		"CronJob was current; deprecated-api judges for the target version (--kube-version, default the latest), " +
		"where it is no longer served.",
	"kube-score:statefulset-has-host-podantiaffinity": "kube-score also warns on a StatefulSet without replicas; " +
		"replicas defaults to 1 and one pod cannot be spread, so pod-spreading reports only more than one replica " +
		"(set, or allowed by an autoscaler of the input).",
}

// Why returns the reason poddoctor differs from the peer check, if it does.
func Why(check string) (string, bool) {
	why, ok := differences[check]
	return why, ok
}

// All returns every deliberate difference, sorted by check.
func All() []Difference {
	out := make([]Difference, 0, len(differences))
	for check, why := range differences {
		out = append(out, Difference{Check: check, Why: why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Check < out[j].Check })
	return out
}
