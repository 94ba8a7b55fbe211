# METADATA
# title: host-process
# description: A Windows container runs as a HostProcess container (windowsOptions.hostProcess true), with the node's network and full access to the host, as privileged as a Linux privileged container.
# custom:
#   id: host-process
#   severity: warning
#   category: security
#   remedy: Run the workload as an ordinary Windows container; keep HostProcess for node agents that cannot work otherwise.
#   peers: [polaris:hostProcess]
package poddoctor.lint.host_process

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	object.get(k8s.effective_security(c), ["windowsOptions", "hostProcess"], false) == true
	f := {
		"msg": sprintf("container %q runs as a Windows HostProcess container", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}
