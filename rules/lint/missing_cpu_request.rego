# METADATA
# title: missing-cpu-request
# description: A container sets no CPU request (and no CPU limit, which the API server would copy into it), so the scheduler places the pod as if it needed no CPU, and under contention the container gets the smallest share of the node's CPU and a CPU-based autoscaler cannot compute its utilization. On by default, as missing-resource-requests was. With missing-memory-request it replaces missing-resource-requests, an id that --disable, --enable, the config and poddoctor.io/ignore still accept for both.
# custom:
#   id: missing-cpu-request
#   severity: warning
#   category: resources
#   remedy: Set resources.requests.cpu to what the container uses at steady state (kubectl top or your metrics). If you leave CPU unset on purpose, disable this rule and keep missing-memory-request.
#   peers: [kube-linter:unset-cpu-requirements, kube-score:container-resources, polaris:cpuRequestsMissing]
package poddoctor.lint.missing_cpu_request

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	not k8s.requests(c.spec, "cpu")
	f := {
		"msg": sprintf("container %q has no CPU request", [c.name]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}
