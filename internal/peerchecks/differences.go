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
		"replicas defaults to 1 and one pod cannot be spread, so pod-spreading reports only more than one replica.",
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
