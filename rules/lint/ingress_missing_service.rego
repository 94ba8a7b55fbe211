# METADATA
# title: ingress-missing-service
# description: An Ingress routes to a Service the input does not define, or to a port that Service does not have, so the route answers 503. Checked only when the input defines Services in the Ingress's namespace.
# custom:
#   id: ingress-missing-service
#   severity: warning
#   category: networking
#   remedy: Point the backend at an existing Service and one of its ports (by number or by name).
#   peers: [kube-linter:dangling-ingress, kube-score:ingress-targets-service]
package poddoctor.lint.ingress_missing_service

import data.poddoctor.lib.k8s

# services_here holds when the input defines a Service in a namespace the
# Ingress can share: without one, it says nothing of the Ingress's.
services_here if k8s.has_related_in("Service", k8s.namespace_of(input))

backends contains [path, b] if {
	b := input.spec.defaultBackend.service
	path := "spec.defaultBackend.service"
}

backends contains [path, b] if {
	some i, r in k8s.as_array(object.get(input, ["spec", "rules"], []))
	some j, p in k8s.as_array(object.get(k8s.as_object(r), ["http", "paths"], []))
	b := p.backend.service
	path := sprintf("spec.rules[%d].http.paths[%d].backend.service", [i, j])
}

# extensions/v1beta1 and networking.k8s.io/v1beta1 name serviceName and
# servicePort directly on the backend.
backends contains [path, {"name": b.serviceName, "port": port_of(b.servicePort)}] if {
	not v1
	some i, r in k8s.as_array(object.get(input, ["spec", "rules"], []))
	some j, p in k8s.as_array(object.get(k8s.as_object(r), ["http", "paths"], []))
	b := p.backend
	b.serviceName
	path := sprintf("spec.rules[%d].http.paths[%d].backend", [i, j])
}

v1 if input.apiVersion == "networking.k8s.io/v1"

# networking.k8s.io/v1 has no serviceName or servicePort: a backend written
# the v1beta1 way names no Service (strict validation rejects the fields,
# lax validation drops them and then rejects the empty backend), so the
# path routes nowhere. kube-score grades this critical too.
findings contains f if {
	input.kind == "Ingress"
	v1
	some i, r in k8s.as_array(object.get(input, ["spec", "rules"], []))
	some j, p in k8s.as_array(object.get(k8s.as_object(r), ["http", "paths"], []))
	b := k8s.as_object(object.get(k8s.as_object(p), "backend", {}))
	not b.service
	not b.resource
	f := {
		"msg": sprintf("Ingress %s: the backend of spec.rules[%d].http.paths[%d] names no service (%s)", [input.metadata.name, i, j, beta_hint(b)]),
		"path": sprintf("spec.rules[%d].http.paths[%d].backend", [i, j]),
		"severity": "error",
	}
}

beta_hint(b) := sprintf("serviceName %v is the v1beta1 field; networking.k8s.io/v1 writes service.name and service.port", [b.serviceName]) if b.serviceName

else := "networking.k8s.io/v1 needs service.name and service.port, or resource"

port_of(p) := {"number": p} if is_number(p)

port_of(p) := {"name": p} if is_string(p)

findings contains f if {
	input.kind == "Ingress"
	k8s.inventory_complete
	services_here
	some [path, b] in backends
	count(k8s.related_called("Service", b.name, k8s.namespace_of(input))) == 0
	f := {
		"msg": sprintf("Ingress %s routes to the Service %q, which the input does not define", [input.metadata.name, b.name]),
		"path": path,
	}
}

findings contains f if {
	input.kind == "Ingress"
	k8s.inventory_complete
	some [path, b] in backends
	some s in k8s.related_called("Service", b.name, k8s.namespace_of(input))
	port := k8s.as_object(object.get(b, "port", {}))
	count(port) > 0
	not has_port(s, port)
	f := {
		"msg": sprintf("Ingress %s routes to port %v of the Service %q, which has no such port", [input.metadata.name, object.get(port, "number", object.get(port, "name", "")), b.name]),
		"path": sprintf("%s.port", [path]),
	}
}

has_port(s, port) if {
	some p in k8s.as_array(object.get(s, "ports", []))
	p.port == port.number
}

has_port(s, port) if {
	some p in k8s.as_array(object.get(s, "ports", []))
	p.name == port.name
}
