# METADATA
# title: priority-class
# description: The pod sets no priorityClassName, so under resource pressure the scheduler may preempt it for any pod with a priority class, and it cannot preempt others. Off by default (profile all).
# custom:
#   id: priority-class
#   severity: info
#   category: availability
#   profile: all
#   remedy: Create PriorityClasses that rank the cluster's workloads and set spec.priorityClassName on the pod template.
#   peers: [polaris:priorityClassNotSet]
package poddoctor.lint.priority_class

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.pod_spec_path
	not k8s.pod_spec.priorityClassName
	f := {
		"msg": sprintf("the pods of %s %s have no priorityClassName", [input.kind, input.metadata.name]),
		"path": k8s.pod_spec_prefix,
	}
}
