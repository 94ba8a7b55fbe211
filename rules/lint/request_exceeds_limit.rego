# METADATA
# title: request-exceeds-limit
# description: A container requests more of a resource than its limit allows; the API server rejects the object ("must be less than or equal to ... limit").
# custom:
#   id: request-exceeds-limit
#   severity: error
#   category: resources
#   remedy: Lower the request or raise the limit so that the request is at most the limit.
package poddoctor.lint.request_exceeds_limit

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	some name, request in c.spec.resources.requests
	limit := c.spec.resources.limits[name]
	r := poddoctor.quantity.parse(request)
	l := poddoctor.quantity.parse(limit)
	r.valid
	l.valid
	r.value > l.value
	f := {
		"msg": sprintf("container %q requests %s %v but is limited to %v", [c.name, name, request, limit]),
		"path": sprintf("%s.resources.requests[%q]", [c.path, name]),
		"container": c.name,
	}
}
