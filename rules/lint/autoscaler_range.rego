# METADATA
# title: autoscaler-range
# description: A HorizontalPodAutoscaler cannot scale - maxReplicas equals minReplicas (1 when unset, the API's default), so it holds the workload at one size whatever the load - or maxReplicas is below minReplicas, which the API server rejects.
# custom:
#   id: autoscaler-range
#   severity: info
#   category: availability
#   remedy: Set maxReplicas above minReplicas to the most replicas the workload may need; to pin the size, drop the autoscaler and set the workload's replicas.
#   peers: [polaris:hpaMaxAvailability]
package poddoctor.lint.autoscaler_range

import data.poddoctor.lib.k8s

spec := k8s.as_object(object.get(input, "spec", {}))

# minReplicas defaults to 1 (autoscaling/v2 SetDefaults), before the API
# server validates the object.
min_replicas := object.get(spec, "minReplicas", 1)

findings contains f if {
	input.kind == "HorizontalPodAutoscaler"
	is_number(spec.maxReplicas)
	is_number(min_replicas)
	spec.maxReplicas == min_replicas
	f := {
		"msg": sprintf("HorizontalPodAutoscaler %s has maxReplicas equal to minReplicas (%d), so it never scales", [input.metadata.name, min_replicas]),
		"path": "spec.maxReplicas",
	}
}

# The API server's own message (pkg/apis/autoscaling/validation,
# kube-apiserver v1.37): spec.maxReplicas: Invalid value: 2: must be
# greater than or equal to `minReplicas`.
findings contains f if {
	input.kind == "HorizontalPodAutoscaler"
	is_number(spec.maxReplicas)
	is_number(min_replicas)
	spec.maxReplicas < min_replicas
	f := {
		"msg": sprintf("HorizontalPodAutoscaler %s: spec.maxReplicas: Invalid value: %d: must be greater than or equal to `minReplicas` (%d); the API server rejects it", [input.metadata.name, spec.maxReplicas, min_replicas]),
		"path": "spec.maxReplicas",
		"severity": "error",
	}
}
