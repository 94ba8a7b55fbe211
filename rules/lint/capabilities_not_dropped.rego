# METADATA
# title: capabilities-not-dropped
# description: A container keeps the default Linux capabilities, NET_RAW among them (raw sockets allow ARP and DNS spoofing on the node's network), because it drops neither ALL nor NET_RAW. Off by default (profile strict); the restricted Pod Security Standard requires dropping ALL.
# custom:
#   id: capabilities-not-dropped
#   severity: info
#   category: security
#   profile: strict
#   remedy: Set securityContext.capabilities.drop ["ALL"] and add back only the capabilities the process needs (NET_BIND_SERVICE for a port below 1024).
#   peers: [kube-linter:drop-net-raw-capability, polaris:insecureCapabilities]
package poddoctor.lint.capabilities_not_dropped

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	not object.get(c.spec, ["securityContext", "privileged"], false) == true # privileged-container says more
	dropped := {upper(trim_prefix(d, "CAP_")) | some d in k8s.as_array(object.get(c.spec, ["securityContext", "capabilities", "drop"], []))}
	not "ALL" in dropped
	not "NET_RAW" in dropped
	f := {
		"msg": sprintf("container %q drops neither ALL nor NET_RAW capabilities", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	some i, cap in k8s.as_array(object.get(c.spec, ["securityContext", "capabilities", "add"], []))
	upper(trim_prefix(cap, "CAP_")) == "NET_RAW"
	f := {
		"msg": sprintf("container %q adds the capability NET_RAW", [c.name]),
		"path": sprintf("%s.securityContext.capabilities.add[%d]", [c.path, i]),
		"container": c.name,
		"severity": "warning",
	}
}
