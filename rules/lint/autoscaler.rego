# METADATA
# title: autoscaler-mismatch
# description: A HorizontalPodAutoscaler targets a workload the input does not define (while it defines workloads of that kind), or the workload it scales also sets spec.replicas, which every kubectl apply resets, undoing the autoscaler's choice.
# custom:
#   id: autoscaler-mismatch
#   severity: warning
#   category: availability
#   remedy: Point scaleTargetRef at the workload's kind and name, and remove spec.replicas from a workload an autoscaler manages.
#   peers: [kube-linter:dangling-horizontalpodautoscaler, kube-score:horizontalpodautoscaler-has-target, kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured]
package poddoctor.lint.autoscaler_mismatch

import data.poddoctor.lib.k8s

ref := k8s.as_object(object.get(input, ["spec", "scaleTargetRef"], {}))

findings contains f if {
	input.kind == "HorizontalPodAutoscaler"
	k8s.inventory_complete
	k8s.inventory_count(ref.kind) > 0
	count([t | some t in k8s.templates_named(ref.name); t.kind == ref.kind; t.name == ref.name; k8s.same_namespace(t.namespace, k8s.namespace_of(input))]) == 0
	f := {
		"msg": sprintf("HorizontalPodAutoscaler %s scales %s %s, which the input does not define", [input.metadata.name, ref.kind, ref.name]),
		"path": "spec.scaleTargetRef",
	}
}

findings contains f if {
	input.kind in {"Deployment", "StatefulSet", "ReplicaSet"}
	k8s.autoscaled
	is_number(input.spec.replicas)
	f := {
		"msg": sprintf("%s %s sets spec.replicas while HorizontalPodAutoscaler %s scales it; each apply resets the replica count", [input.kind, input.metadata.name, k8s.autoscalers[0].name]),
		"path": "spec.replicas",
	}
}
