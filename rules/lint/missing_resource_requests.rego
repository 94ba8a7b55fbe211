# METADATA
# title: missing-resource-requests
# description: A container sets no CPU or memory request, so the scheduler places the pod as if it needed nothing and the node can be overcommitted until something is evicted or OOM-killed.
# custom:
#   id: missing-resource-requests
#   severity: warning
#   category: resources
#   remedy: Set resources.requests.cpu and resources.requests.memory to what the container needs at steady state (measure with kubectl top or your metrics).
#   peers: [kube-linter:unset-cpu-requirements, kube-linter:unset-memory-requirements, kube-score:container-resources, polaris:cpuRequestsMissing, polaris:memoryRequestsMissing]
package poddoctor.lint.missing_resource_requests

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	missing := [r | some r in ["cpu", "memory"]; not has_request(c.spec, r)]
	count(missing) > 0
	f := {
		"msg": sprintf("container %q has no %s request", [c.name, concat(" or ", missing)]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}

has_request(spec, r) if spec.resources.requests[r] != null

# A limit without a request makes the API default the request to the limit.
has_request(spec, r) if spec.resources.limits[r] != null
