# METADATA
# title: privileged-container
# description: A container runs privileged, with every capability and access to every device of the node; a compromise of the container is a compromise of the node.
# custom:
#   id: privileged-container
#   severity: warning
#   category: security
#   remedy: Remove securityContext.privileged, and grant only the specific capabilities the process needs with securityContext.capabilities.add.
#   peers: [kube-linter:privileged-container, kube-score:container-security-context-privileged, polaris:runAsPrivileged]
package poddoctor.lint.privileged_container

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.spec.securityContext.privileged == true
	f := {
		"msg": sprintf("container %q runs privileged", [c.name]),
		"path": sprintf("%s.securityContext.privileged", [c.path]),
		"container": c.name,
	}
}
