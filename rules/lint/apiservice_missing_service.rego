# METADATA
# title: apiservice-missing-service
# description: An APIService hands its API group to a Service that the same application does not define, or to a port that Service does not expose, so kube-apiserver answers every request of that group with 503 and API discovery reports it unavailable (kubectl warns on every command, namespace deletion can hang). Checked only when the application defines Services in the APIService's service namespace; an APIService that serves an API from elsewhere, with no Service of that namespace in the input, is not judged.
# custom:
#   id: apiservice-missing-service
#   severity: warning
#   category: networking
#   remedy: Point spec.service at the Service of the extension API server (name, namespace) and at one of its ports (spec.service.port, 443 when unset).
package poddoctor.lint.apiservice_missing_service

import data.poddoctor.lib.k8s

# The aggregator proxies to spec.service.port of the Service, 443 when the
# field is unset (kube-aggregator apiregistration/v1 defaults).
service := k8s.as_object(object.get(input, ["spec", "service"], {}))

port := object.get(service, "port", 443)

findings contains f if {
	input.kind == "APIService"
	input.apiVersion == "apiregistration.k8s.io/v1"
	k8s.inventory_complete
	k8s.has_related_in("Service", service.namespace)
	is_string(service.name)
	count(k8s.related_called("Service", service.name, service.namespace)) == 0
	f := {
		"msg": sprintf("APIService %s hands %s to the Service %s/%s, which the input does not define", [input.metadata.name, group_version, service.namespace, service.name]),
		"path": "spec.service.name",
	}
}

findings contains f if {
	input.kind == "APIService"
	input.apiVersion == "apiregistration.k8s.io/v1"
	k8s.inventory_complete
	some s in k8s.related_called("Service", service.name, service.namespace)
	not has_port(s, port)
	f := {
		"msg": sprintf("APIService %s hands %s to port %v of the Service %s/%s, which exposes %s", [input.metadata.name, group_version, port, service.namespace, service.name, exposed(s)]),
		"path": port_path,
	}
}

group_version := sprintf("%v/%v", [object.get(input, ["spec", "group"], ""), object.get(input, ["spec", "version"], "")])

port_path := "spec.service.port" if service.port

else := "spec.service"

has_port(s, number) if {
	some p in k8s.as_array(object.get(s, "ports", []))
	p.port == number
}

exposed(s) := concat(", ", [sprintf("%v", [p.port]) | some p in k8s.as_array(object.get(s, "ports", []))]) if count(k8s.as_array(object.get(s, "ports", []))) > 0

else := "no port"
