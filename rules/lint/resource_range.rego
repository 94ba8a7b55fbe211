# METADATA
# title: resource-range
# description: A container's resource request or limit lies outside the range the team's configuration sets (params.resource-range in .poddoctor.yaml - limits and requests, each a mapping of resource names to min and max quantities). A missing limit counts as unbounded (above any max); a missing request as the limit it defaults to, else zero. Runs only when the range is configured.
# custom:
#   id: resource-range
#   severity: warning
#   category: resources
#   remedy: Set the request or limit within the configured range, or change the range in .poddoctor.yaml if the workload really needs more.
#   peers: [polaris:resourceRange]
package poddoctor.lint.resource_range

import data.poddoctor.lib.k8s

ranges := object.get(data.poddoctor.params, ["resource-range"], {})

findings contains f if {
	some kind in ["limits", "requests"]
	some name, bounds in object.get(ranges, kind, {})
	some c in k8s.app_containers
	problem := problem_of(c, kind, name, k8s.as_object(bounds))
	f := {
		"msg": sprintf("container %q %s", [c.name, problem]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}

resources(c) := k8s.as_object(object.get(c.spec, "resources", {}))

# set is the quantity written for the resource, if any.
set(c, kind, name) := q if {
	q := k8s.as_object(object.get(resources(c), kind, {}))[name]
	q != null
}

# A request left out defaults to the limit (the API server's defaulting).
effective(c, "requests", name) := q if {
	not set(c, "requests", name)
	q := set(c, "limits", name)
}

effective(c, kind, name) := set(c, kind, name)

problem_of(c, kind, name, bounds) := sprintf("%s %s %v, below the configured minimum %v", [word(kind), name, q, bounds.min]) if {
	q := effective(c, kind, name)
	v := poddoctor.quantity.parse(q)
	v.valid
	v.value < poddoctor.quantity.parse(bounds.min).value
}

problem_of(c, kind, name, bounds) := sprintf("%s %s %v, above the configured maximum %v", [word(kind), name, q, bounds.max]) if {
	q := effective(c, kind, name)
	v := poddoctor.quantity.parse(q)
	v.valid
	v.value > poddoctor.quantity.parse(bounds.max).value
}

# At most one problem_of applies: the configuration keeps min <= max.

# Nothing set: no limit is above any maximum, no request below any minimum.
problem_of(c, "limits", name, bounds) := sprintf("has no %s limit, so it is unbounded; the configured maximum is %v", [name, bounds.max]) if {
	not effective(c, "limits", name)
	bounds.max != null
}

problem_of(c, "requests", name, bounds) := sprintf("has no %s request, so it requests nothing; the configured minimum is %v", [name, bounds.min]) if {
	not effective(c, "requests", name)
	poddoctor.quantity.parse(bounds.min).value > 0
}

word("limits") := "is limited to"

word("requests") := "requests"
