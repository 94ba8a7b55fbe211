# The same checks as poddoctor's run-as-root and privileged-container.
package main

import data.lib.k8s

warn contains msg if {
	some c in k8s.containers
	not object.get(c, ["securityContext", "runAsNonRoot"], object.get(k8s.pod_spec, ["securityContext", "runAsNonRoot"], false))
	msg := sprintf("%s %s: container %q may run as root (runAsNonRoot unset)", [input.kind, input.metadata.name, c.name])
}

deny contains msg if {
	some c in k8s.containers
	c.securityContext.privileged == true
	msg := sprintf("%s %s: container %q runs privileged", [input.kind, input.metadata.name, c.name])
}
