# METADATA
# title: container-ports
# description: A container declares a port that is risky or reserved - a hostPort (binds the port on the node, so only one such pod fits per node and the node's address is exposed), or SSH's port 22 (a remote shell into a container is rarely intended).
# custom:
#   id: container-ports
#   severity: warning
#   category: networking
#   remedy: Drop hostPort and expose the pod through a Service; remove SSH from the image and use kubectl exec.
#   peers: [kube-linter:ssh-port, polaris:hostPortSet]
package poddoctor.lint.container_ports

import data.poddoctor.lib.k8s

ports contains [c, i, p] if {
	some c in k8s.containers
	some i, p in k8s.as_array(object.get(c.spec, "ports", []))
	is_object(p)
}

findings contains f if {
	some [c, i, p] in ports
	is_number(p.hostPort)
	p.hostPort > 0
	not k8s.pod_spec.hostNetwork == true # host-namespace already reports it, and hostPort then equals the port
	f := {
		"msg": sprintf("container %q binds the node's port %d (hostPort)", [c.name, p.hostPort]),
		"path": sprintf("%s.ports[%d].hostPort", [c.path, i]),
		"container": c.name,
	}
}

findings contains f if {
	some [c, i, p] in ports
	p.containerPort == 22
	f := {
		"msg": sprintf("container %q exposes port 22 (SSH)", [c.name]),
		"path": sprintf("%s.ports[%d].containerPort", [c.path, i]),
		"container": c.name,
	}
}
