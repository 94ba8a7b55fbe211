# METADATA
# title: missing-memory-request
# description: A container sets no memory request (and no memory limit, which the API server would copy into it), so the scheduler places the pod as if it needed no memory; the node can be overcommitted, and under memory pressure the kubelet evicts first the pods using most above their requests. On by default, as missing-resource-requests was. With missing-cpu-request it replaces missing-resource-requests, an id that --disable, --enable, the config and poddoctor.io/ignore still accept for both.
# custom:
#   id: missing-memory-request
#   severity: warning
#   category: resources
#   remedy: Set resources.requests.memory to what the container uses at steady state (kubectl top or your metrics), with some headroom.
#   peers: [kube-linter:unset-memory-requirements, kube-score:container-resources, polaris:memoryRequestsMissing]
package poddoctor.lint.missing_memory_request

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	not k8s.requests(c.spec, "memory")
	f := {
		"msg": sprintf("container %q has no memory request", [c.name]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}
