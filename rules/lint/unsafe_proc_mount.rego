# METADATA
# title: unsafe-proc-mount
# description: A container sets procMount Unmasked (or a value other than Default, which the API rejects), which shows it the node's /proc without the masks that hide kernel interfaces; the baseline Pod Security Standard forbids it outside user-namespaced pods.
# custom:
#   id: unsafe-proc-mount
#   severity: warning
#   category: security
#   remedy: Remove securityContext.procMount or set it to Default; Unmasked is meant only for nested container runtimes in pods with hostUsers false.
#   peers: [kube-linter:unsafe-proc-mount, polaris:procMount]
package poddoctor.lint.unsafe_proc_mount

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	mount := c.spec.securityContext.procMount
	mount != "Default"
	not allowed_unmasked(mount)
	f := {
		"msg": sprintf("container %q sets procMount %v", [c.name, mount]),
		"path": sprintf("%s.securityContext.procMount", [c.path]),
		"container": c.name,
	}
}

# Unmasked is what nested container runtimes in user-namespaced pods need.
allowed_unmasked(mount) if {
	mount == "Unmasked"
	k8s.pod_spec.hostUsers == false
}
