# METADATA
# title: autoscaler-min-replicas
# description: A HorizontalPodAutoscaler may scale its workload down to one replica (minReplicas 1, or unset), so at quiet times one node drain or crash takes the service down. Off by default (profile strict).
# custom:
#   id: autoscaler-min-replicas
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Set spec.minReplicas to at least 2 (3 across zones).
#   peers: [kube-linter:hpa-minimum-three-replicas, polaris:hpaMinAvailability]
package poddoctor.lint.autoscaler_min_replicas

findings contains f if {
	input.kind == "HorizontalPodAutoscaler"
	min := object.get(input, ["spec", "minReplicas"], 1)
	is_number(min)
	min < 2
	f := {
		"msg": sprintf("HorizontalPodAutoscaler %s may scale down to %d replica", [input.metadata.name, min]),
		"path": min_path,
	}
}

min_path := "spec.minReplicas" if input.spec.minReplicas != null

else := "spec"
