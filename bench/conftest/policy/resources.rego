# The same checks as poddoctor's missing-memory-limit and
# missing-resource-requests.
package main

import data.lib.k8s

warn contains msg if {
	some c in k8s.containers
	not c.resources.limits.memory
	msg := sprintf("%s %s: container %q has no memory limit", [input.kind, input.metadata.name, c.name])
}

warn contains msg if {
	some c in k8s.containers
	some r in ["cpu", "memory"]
	not c.resources.requests[r]
	not c.resources.limits[r]
	msg := sprintf("%s %s: container %q has no %s request", [input.kind, input.metadata.name, c.name, r])
}
