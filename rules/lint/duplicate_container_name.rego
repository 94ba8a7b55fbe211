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
	some c in duplicated
	some earlier in duplicated
	earlier.name == c.name
	before(earlier, c)
	f := {
		"msg": sprintf("container name %q is already used by %s", [c.name, earlier.path]),
		"path": sprintf("%s.name", [c.path]),
		"container": c.name,
	}
}

# The containers whose name another one shares, found by sorting the names
# so that a pod with thousands of containers costs n log n, not n squared;
# only these are compared pairwise.
duplicated := [c | some c in k8s.containers; repeated[c.name]]

repeated contains names[i] if {
	names := sort([c.name | some c in k8s.containers])
	count(names) > 1
	some i in numbers.range(1, count(names) - 1)
	names[i] == names[i - 1]
}

field_order := {"initContainers": 0, "containers": 1, "ephemeralContainers": 2}

before(a, b) if field_order[a.field] < field_order[b.field]

before(a, b) if {
	a.field == b.field
	a.index < b.index
}
