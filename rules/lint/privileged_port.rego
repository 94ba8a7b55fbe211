# METADATA
# title: privileged-port
# description: A container listens on a port below 1024, which needs root or the NET_BIND_SERVICE capability inside the container. Off by default (profile all) - many images (nginx on 80) do so by design.
# custom:
#   id: privileged-port
#   severity: info
#   category: security
#   profile: all
#   remedy: Listen on a port of 1024 or above and let the Service map the low port; otherwise keep NET_BIND_SERVICE as the only added capability.
#   peers: [kube-linter:privileged-ports]
package poddoctor.lint.privileged_port

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	some i, p in k8s.as_array(object.get(c.spec, "ports", []))
	is_object(p)
	is_number(p.containerPort)
	p.containerPort > 0
	p.containerPort < 1024
	p.containerPort != 22 # container-ports reports SSH
	f := {
		"msg": sprintf("container %q listens on the privileged port %d, which needs root or NET_BIND_SERVICE", [c.name, p.containerPort]),
		"path": sprintf("%s.ports[%d].containerPort", [c.path, i]),
		"container": c.name,
	}
}
