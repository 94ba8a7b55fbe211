# METADATA
# title: duplicate-container-port
# description: Two containers of one pod declare the same containerPort (or hostPort) with the same protocol. The containers of a pod share one network namespace, so only the first to start can bind the port; the second crash-loops with "address already in use".
# custom:
#   id: duplicate-container-port
#   severity: error
#   category: correctness
#   remedy: Give each container of the pod its own port (the containerPort and the port its process listens on); if both are meant to serve the same port, they cannot run in one pod.
package poddoctor.lint.duplicate_container_port

import data.poddoctor.lib.k8s

# declarations are every port of every container with its position.
declarations contains p if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	ports := k8s.as_array(object.get(c.spec, "ports", []))
	some j, port in ports
	is_object(port)
	protocol := object.get(port, "protocol", "TCP")
	is_string(protocol)
	p := {
		"container": c,
		"index": j,
		"containerPort": object.get(port, "containerPort", 0),
		"hostPort": object.get(port, "hostPort", 0),
		"hostIP": object.get(port, "hostIP", ""),
		"protocol": upper(protocol),
	}
}

findings contains f if {
	some second in declarations
	some first in declarations
	first.container.path != second.container.path
	before(first, second)
	run_together(first.container, second.container)
	first.protocol == second.protocol
	some clash in clashes(first, second)
	not clashes_earlier(first, second, clash.field)
	f := {
		"msg": sprintf("container %q declares %s, which container %q (%s) declares already; the containers of a pod share one network namespace, so the second cannot bind it", [second.container.name, clash.what, first.container.name, first.container.path]),
		"path": sprintf("%s.ports[%d].%s", [second.container.path, second.index, clash.field]),
		"container": second.container.name,
	}
}

# clashes are the ways two declarations of one protocol collide: the same
# containerPort, or the same hostPort on the same host IP.
clashes(a, b) := array.concat(
	[{"field": "containerPort", "what": sprintf("containerPort %d/%s", [b.containerPort, b.protocol])} |
		is_number(b.containerPort)
		b.containerPort > 0
		a.containerPort == b.containerPort
	],
	[{"field": "hostPort", "what": sprintf("hostPort %d/%s", [b.hostPort, b.protocol])} |
		is_number(b.hostPort)
		b.hostPort > 0
		a.hostPort == b.hostPort
		a.hostIP == b.hostIP
		a.containerPort != b.containerPort
	],
)

# clashes_earlier holds when a declaration before first already collides
# with second on the same field: the finding names that one only.
clashes_earlier(first, second, field) if {
	some z in declarations
	z.container.path != second.container.path
	before(z, first)
	run_together(z.container, second.container)
	z.protocol == second.protocol
	some c in clashes(z, second)
	c.field == field
}

field_order := {"initContainers": 0, "containers": 1}

before(a, b) if field_order[a.container.field] < field_order[b.container.field]

before(a, b) if {
	a.container.field == b.container.field
	a.container.index < b.container.index
}

# run_together holds for two containers that run at the same time: app
# containers and sidecars (init containers with restartPolicy Always)
# among themselves, and a sidecar with a plain init container after it. A
# plain init container runs alone before the app containers start, so its
# ports clash with nothing.
run_together(a, b) if {
	long_lived(a)
	long_lived(b)
}

run_together(a, b) if {
	sidecar(a)
	b.field == "initContainers"
	not long_lived(b)
	a.index < b.index
}

long_lived(c) if c.field == "containers"

long_lived(c) if sidecar(c)

sidecar(c) if {
	c.field == "initContainers"
	c.spec.restartPolicy == "Always"
}
