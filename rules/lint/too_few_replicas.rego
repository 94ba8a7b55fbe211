# METADATA
# title: too-few-replicas
# description: A Deployment or StatefulSet runs fewer than 2 replicas (1 when replicas is unset), so a node drain, an eviction or a crash takes the whole service down. Off by default (profile strict) - single-replica workloads are right for many internal tools. Not reported when a HorizontalPodAutoscaler in the input manages the workload.
# custom:
#   id: too-few-replicas
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Set spec.replicas to at least 2 (3 for quorum-based systems) and spread the pods with topologySpreadConstraints or pod anti-affinity.
#   peers: [kube-linter:minimum-three-replicas, kube-score:deployment-replicas, polaris:deploymentMissingReplicas]
package poddoctor.lint.too_few_replicas

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind in {"Deployment", "StatefulSet"}
	replicas := object.get(input, ["spec", "replicas"], 1)
	is_number(replicas)
	replicas < 2
	not k8s.autoscaled
	f := {
		"msg": sprintf("%s %s runs %d replica%s", [input.kind, input.metadata.name, replicas, plural(replicas)]),
		"path": path,
	}
}

path := "spec.replicas" if input.spec.replicas != null

else := "spec"

plural(n) := "" if n == 1

else := "s"
