# METADATA
# title: missing-cpu-limit
# description: A container has no CPU limit, so a busy loop can take every idle core of the node. Off by default (profile all) - a CPU limit throttles the container even when the node is idle, and many teams rightly set only requests.
# custom:
#   id: missing-cpu-limit
#   severity: info
#   category: resources
#   profile: all
#   remedy: Set resources.limits.cpu if the team's policy wants CPU bounded; otherwise keep the request and disable this rule.
#   peers: [kube-linter:unset-cpu-requirements, kube-score:container-resources, polaris:cpuLimitsMissing]
package poddoctor.lint.missing_cpu_limit

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	not c.spec.resources.limits.cpu
	f := {
		"msg": sprintf("container %q has no CPU limit", [c.name]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}
