# METADATA
# title: requests-equal-limits
# description: A container's CPU, memory or ephemeral-storage request differs from its limit, so the pod is not in the Guaranteed QoS class and is among the first evicted under node pressure. Off by default (profile all) - Burstable pods are the right choice for most workloads.
# custom:
#   id: requests-equal-limits
#   severity: info
#   category: resources
#   profile: all
#   remedy: Set resources.requests equal to resources.limits for cpu and memory (and ephemeral-storage when used) to make the pod Guaranteed.
#   peers: [kube-score:container-cpu-requests-equal-limits, kube-score:container-memory-requests-equal-limits, kube-score:container-resource-requests-equal-limits, kube-score:container-ephemeral-storage-request-equals-limit]
package poddoctor.lint.requests_equal_limits

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	some r in ["cpu", "memory", "ephemeral-storage"]
	limit := object.get(c.spec, ["resources", "limits", r], null)
	request := object.get(c.spec, ["resources", "requests", r], null)
	not request_matches_limit(request, limit)
	f := {
		"msg": sprintf("container %q: %s request %v differs from its limit %v", [c.name, r, text(request), text(limit)]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}

# A request without a limit, or a limit without a request (which the API
# defaults to the limit), is handled by the two cases below.
request_matches_limit(request, limit) if {
	request == null
	limit == null
}

request_matches_limit(request, limit) if {
	request == null
	limit != null
}

request_matches_limit(request, limit) if {
	request != null
	limit != null
	same_quantity(request, limit)
}

same_quantity(a, b) if a == b

same_quantity(a, b) if {
	a != b
	qa := poddoctor.quantity.parse(a)
	qb := poddoctor.quantity.parse(b)
	qa.valid
	qb.valid
	qa.canonical == qb.canonical
}

# An invalid quantity is invalid-quantity's finding, not this rule's.
same_quantity(a, b) if not poddoctor.quantity.parse(a).valid

same_quantity(a, b) if not poddoctor.quantity.parse(b).valid

text(x) := "unset" if x == null

text(x) := sprintf("%v", [x]) if x != null
