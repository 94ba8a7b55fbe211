# METADATA
# title: missing-memory-limit
# description: A container has no memory limit, so a leak grows until the node runs out of memory and the kubelet evicts or the kernel OOM-kills whatever it chooses, possibly other workloads.
# custom:
#   id: missing-memory-limit
#   severity: warning
#   category: resources
#   remedy: Set resources.limits.memory a little above the container's peak working set; keep it equal to the request for a Guaranteed pod.
#   peers: [kube-linter:unset-memory-requirements, kube-score:container-resources, polaris:memoryLimitsMissing]
package poddoctor.lint.missing_memory_limit

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	not c.spec.resources.limits.memory
	f := {
		"msg": sprintf("container %q has no memory limit", [c.name]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}
