# METADATA
# title: unsafe-proc-mount
# description: A container sets procMount Unmasked, which shows it the node's /proc without the masks that hide kernel interfaces; the baseline Pod Security Standard forbids it outside user-namespaced pods.
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
	c.spec.securityContext.procMount == "Unmasked"
	not k8s.pod_spec.hostUsers == false
	f := {
		"msg": sprintf("container %q sets procMount Unmasked", [c.name]),
		"path": sprintf("%s.securityContext.procMount", [c.path]),
		"container": c.name,
	}
}
