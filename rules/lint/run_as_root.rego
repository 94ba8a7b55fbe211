# METADATA
# title: run-as-root
# description: A container runs as root (runAsUser 0), or nothing stops it from doing so (runAsNonRoot unset at pod and container level).
# custom:
#   id: run-as-root
#   severity: warning
#   category: security
#   remedy: Run as an unprivileged user, set securityContext.runAsNonRoot to true, and give runAsUser a non-zero id if the image's default user is root.
#   peers: [kube-linter:run-as-non-root, polaris:runAsRootAllowed]
package poddoctor.lint.run_as_root

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	sc := k8s.effective_security(c)
	sc.runAsUser == 0
	f := {
		"msg": sprintf("container %q runs as root (runAsUser: 0)", [c.name]),
		"path": root_path(c),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	sc := k8s.effective_security(c)
	not sc.runAsNonRoot == true
	not sc.runAsUser
	f := {
		"msg": sprintf("container %q may run as root: runAsNonRoot is not set", [c.name]),
		"path": c.path,
		"container": c.name,
		"severity": "info",
	}
}

root_path(c) := sprintf("%s.securityContext.runAsUser", [c.path]) if c.spec.securityContext.runAsUser == 0

root_path(c) := sprintf("%s.securityContext.runAsUser", [k8s.pod_spec_prefix]) if not c.spec.securityContext.runAsUser == 0
