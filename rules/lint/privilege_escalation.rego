# METADATA
# title: privilege-escalation
# description: A container allows privilege escalation (setuid binaries, file capabilities), explicitly or by leaving allowPrivilegeEscalation unset, which the restricted Pod Security Standard forbids.
# custom:
#   id: privilege-escalation
#   severity: warning
#   category: security
#   remedy: Set securityContext.allowPrivilegeEscalation to false on every container.
#   peers: [kube-linter:privilege-escalation-container, polaris:privilegeEscalationAllowed]
package poddoctor.lint.privilege_escalation

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.spec.securityContext.allowPrivilegeEscalation == true
	f := {
		"msg": sprintf("container %q sets allowPrivilegeEscalation: true", [c.name]),
		"path": sprintf("%s.securityContext.allowPrivilegeEscalation", [c.path]),
		"container": c.name,
	}
}

# Unset means allowed; that is worth knowing but is not a deliberate choice.
# Not on Windows pods: the API server forbids the field there ("cannot be
# set for a windows pod"), and the Pod Security Standards exempt them.
findings contains f if {
	not windows_pod
	some c in k8s.containers
	not has_key(object.get(c.spec, "securityContext", {}), "allowPrivilegeEscalation")
	f := {
		"msg": sprintf("container %q does not set allowPrivilegeEscalation: false", [c.name]),
		"path": c.path,
		"container": c.name,
		"severity": "info",
	}
}

has_key(obj, key) if _ = obj[key]

windows_pod if object.get(k8s.pod_spec, ["os", "name"], "") == "windows"
