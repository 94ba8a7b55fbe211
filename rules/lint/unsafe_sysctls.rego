# METADATA
# title: unsafe-sysctls
# description: The pod sets a sysctl outside the safe set the kubelet allows by default; the kubelet refuses the pod (SysctlForbidden) unless started with --allowed-unsafe-sysctls, and a node-wide kernel setting can affect every pod on the node.
# custom:
#   id: unsafe-sysctls
#   severity: warning
#   category: security
#   remedy: Remove the sysctl, or run the pod on nodes whose kubelet allows it (--allowed-unsafe-sysctls) and isolate those nodes with taints.
#   peers: [kube-linter:unsafe-sysctls]
package poddoctor.lint.unsafe_sysctls

import data.poddoctor.lib.k8s

# The safe set of kubelet v1.37 (pkg/kubelet/sysctl/safe_sysctls.go; some
# need a newer kernel, which the kubelet checks on the node).
safe := {
	"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
}

findings contains f if {
	some i, s in k8s.as_array(object.get(k8s.pod_spec, ["securityContext", "sysctls"], []))
	is_object(s)
	raw := object.get(s, "name", "")
	is_string(raw) # any other type is invalid-manifest's
	name := replace(raw, "/", ".")
	not name in safe
	f := {
		"msg": sprintf("the pod sets the unsafe sysctl %s", [object.get(s, "name", "")]),
		"path": sprintf("%s.securityContext.sysctls[%d]", [k8s.pod_spec_prefix, i]),
	}
}
