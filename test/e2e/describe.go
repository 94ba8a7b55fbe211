package e2e

import "slices"

// RulesDescribeCannotCarry are the diagnoses that `kubectl describe` text
// cannot give as `kubectl get -o json` does, because describe does not
// print what they rest on. The describe-versus-JSON comparison of the e2e
// leaves these rules out, and only these.
var RulesDescribeCannotCarry = map[string]string{
	// describe prints "Status: Terminating (lasts 2m)" but no finalizers.
	"stuck-terminating": "describe does not print a pod's finalizers",
	// describe prints the node's conditions with their messages, but a
	// pod's conditions without them: a pending pod whose FailedScheduling
	// event has expired keeps its reason only in the PodScheduled message.
	"scheduling-gated": "describe prints pod conditions without their reasons (SchedulingGated), and kubectl before 1.27 prints no Scheduling Gates",
}

// DescribeComparable drops the findings of rules describe cannot carry.
func DescribeComparable(findings []Finding) []Finding {
	return slices.DeleteFunc(slices.Clone(findings), func(f Finding) bool {
		_, cannot := RulesDescribeCannotCarry[f.Rule]
		return cannot
	})
}
