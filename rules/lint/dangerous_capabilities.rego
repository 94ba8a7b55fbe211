# METADATA
# title: dangerous-capabilities
# description: A container adds a Linux capability that amounts to root on the node (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, ALL and similar).
# custom:
#   id: dangerous-capabilities
#   severity: warning
#   category: security
#   remedy: Drop the capability; if the process needs one privilege, add only that narrow capability, and start from capabilities.drop [ALL].
#   peers: [polaris:dangerousCapabilities]
package poddoctor.lint.dangerous_capabilities

import data.poddoctor.lib.k8s

dangerous := {"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "DAC_READ_SEARCH", "BPF", "PERFMON", "SYS_TIME"}

findings contains f if {
	some c in k8s.containers
	some i, cap in c.spec.securityContext.capabilities.add
	is_string(cap) # any other type is invalid-manifest's
	upper(trim_prefix(cap, "CAP_")) in dangerous
	f := {
		"msg": sprintf("container %q adds the capability %s", [c.name, cap]),
		"path": sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i]),
		"container": c.name,
	}
}
