# METADATA
# title: exposed-service
# description: A Service of type NodePort or LoadBalancer opens the workload outside the cluster (on every node's address, or through a cloud load balancer). Off by default (profile all) - often that is the point; an Ingress or Gateway in front is the usual alternative.
# custom:
#   id: exposed-service
#   severity: info
#   category: networking
#   profile: all
#   remedy: Use type ClusterIP behind an Ingress or Gateway unless the Service must be reachable directly; restrict a LoadBalancer with loadBalancerSourceRanges.
#   peers: [kube-linter:exposed-services, kube-score:service-type]
package poddoctor.lint.exposed_service

findings contains f if {
	input.kind == "Service"
	input.spec.type in {"NodePort", "LoadBalancer"}
	f := {
		"msg": sprintf("Service %s is of type %s", [input.metadata.name, input.spec.type]),
		"path": "spec.type",
	}
}
