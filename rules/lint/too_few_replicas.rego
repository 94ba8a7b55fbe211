# METADATA
# title: too-few-replicas
# description: A Deployment or StatefulSet runs fewer than 3 replicas (1 when replicas is unset; params.too-few-replicas.min-replicas changes the minimum), so a node drain, an eviction or a crash takes the whole service down, or with 2 replicas one drain during a rollout leaves a single pod serving. Off by default (profile strict) - single-replica workloads are right for many internal tools. Not reported when a HorizontalPodAutoscaler in the input manages the workload.
# custom:
#   id: too-few-replicas
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Set spec.replicas to at least 3 (or the configured minimum) and spread the pods with topologySpreadConstraints or pod anti-affinity.
#   peers: [kube-linter:minimum-three-replicas, kube-score:deployment-replicas, polaris:deploymentMissingReplicas]
package poddoctor.lint.too_few_replicas

import data.poddoctor.lib.k8s

# minimum is the fewest replicas a workload should run: 3 by default, as
# kube-linter's minimum-three-replicas and polaris' fix use, so that one
# pod down for a drain and one for a rollout still leave one serving.
minimum := n if {
	n := object.get(data.poddoctor.params, ["too-few-replicas", "min-replicas"], 3)
	is_number(n)
} else := 3

findings contains f if {
	input.kind in {"Deployment", "StatefulSet"}
	replicas := object.get(input, ["spec", "replicas"], 1)
	is_number(replicas)
	replicas < minimum
	not k8s.autoscaled
	f := {
		"msg": sprintf("%s %s runs %d replica%s (fewer than %d)", [input.kind, input.metadata.name, replicas, plural(replicas), minimum]),
		"path": path,
	}
}

path := "spec.replicas" if input.spec.replicas != null

else := "spec"

plural(n) := "" if n == 1

else := "s"
