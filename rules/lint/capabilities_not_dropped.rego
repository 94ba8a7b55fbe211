# METADATA
# title: capabilities-not-dropped
# description: A container keeps some of the Linux capabilities containerd and Docker grant by default - NET_RAW among them (raw sockets allow ARP and DNS spoofing on the node's network), CHOWN, DAC_OVERRIDE, SETUID and ten more - because it drops neither ALL nor every one of them. Off by default (profile strict); the restricted Pod Security Standard requires dropping ALL.
# custom:
#   id: capabilities-not-dropped
#   severity: info
#   category: security
#   profile: strict
#   remedy: Set securityContext.capabilities.drop ["ALL"] and add back only the capabilities the process needs (NET_BIND_SERVICE for a port below 1024).
#   peers: [kube-linter:drop-net-raw-capability, polaris:insecureCapabilities]
package poddoctor.lint.capabilities_not_dropped

import data.poddoctor.lib.k8s

# runtime_defaults are the capabilities containerd and Docker give every
# container that does not drop them (containerd's oci.DefaultCapabilities,
# Docker's caps.DefaultCapabilities): dropping each of them is as good as
# dropping ALL.
runtime_defaults := {
	"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID",
	"SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE",
}

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	not object.get(c.spec, ["securityContext", "privileged"], false) == true # privileged-container says more
	dropped := {normalize(d) | some d in k8s.as_array(object.get(c.spec, ["securityContext", "capabilities", "drop"], [])); is_string(d)}
	not "ALL" in dropped
	kept := runtime_defaults - dropped
	count(kept) > 0
	f := {
		"msg": kept_message(c.name, kept),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}

# Capability names are matched without case and without the CAP_ prefix,
# as the runtimes read them.
normalize(cap) := upper(trim_prefix(upper(cap), "CAP_"))

kept_message(name, kept) := sprintf("container %q drops neither ALL nor any of the capabilities the runtime grants by default, NET_RAW among them", [name]) if {
	count(kept) == count(runtime_defaults)
} else := sprintf("container %q drops neither ALL nor %s, which the runtime grants by default", [name, concat(", ", sort(kept))])

findings contains f if {
	some c in k8s.containers
	some i, cap in k8s.as_array(object.get(c.spec, ["securityContext", "capabilities", "add"], []))
	is_string(cap)
	normalize(cap) == "NET_RAW"
	f := {
		"msg": sprintf("container %q adds the capability NET_RAW", [c.name]),
		"path": sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i]),
		"container": c.name,
		"severity": "warning",
	}
}
