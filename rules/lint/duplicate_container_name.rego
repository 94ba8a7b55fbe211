# METADATA
# title: duplicate-container-name
# description: Two containers of the pod (init, regular or ephemeral) share one name; the API server rejects the object.
# custom:
#   id: duplicate-container-name
#   severity: error
#   category: correctness
#   remedy: Give every container of the pod, init containers included, a unique name.
package poddoctor.lint.duplicate_container_name

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	some earlier in k8s.containers
	earlier.name == c.name
	before(earlier, c)
	f := {
		"msg": sprintf("container name %q is already used by %s", [c.name, earlier.path]),
		"path": sprintf("%s.name", [c.path]),
		"container": c.name,
	}
}

field_order := {"initContainers": 0, "containers": 1, "ephemeralContainers": 2}

before(a, b) if field_order[a.field] < field_order[b.field]

before(a, b) if {
	a.field == b.field
	a.index < b.index
}
