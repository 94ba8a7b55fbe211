# METADATA
# title: statefulset-service-name
# description: A StatefulSet's serviceName names no headless Service of the input that selects its pods, so its pods get no stable DNS names (pod-0.service). Checked only when the input defines Services.
# custom:
#   id: statefulset-service-name
#   severity: warning
#   category: networking
#   remedy: Create a Service with clusterIP None whose selector matches the StatefulSet's pod labels, and name it in spec.serviceName.
#   peers: [kube-score:statefulset-has-servicename]
package poddoctor.lint.statefulset_service_name

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind == "StatefulSet"
	k8s.inventory_complete
	k8s.inventory_count("Service") > 0
	name := object.get(input, ["spec", "serviceName"], "")
	problem := service_problem(name)
	f := {
		"msg": sprintf("StatefulSet %s: %s", [input.metadata.name, problem]),
		"path": "spec.serviceName",
	}
}

# services are the Services of the input that the StatefulSet's serviceName
# may name: those of that name (through the inventory's index of related
# objects by name, so a StatefulSet does not walk every Service of its
# application) in a namespace it can share.
services := k8s.related_called("Service", object.get(input, ["spec", "serviceName"], ""), k8s.namespace_of(input))

service_problem(name) := "spec.serviceName is not set" if name == ""

service_problem(name) := sprintf("the Service %q is not in the input", [name]) if {
	name != ""
	count([s | some s in services; s.name == name]) == 0
}

service_problem(name) := sprintf("the Service %q is not headless (clusterIP None)", [name]) if {
	some s in services
	s.name == name
	object.get(s, "clusterIP", "") != "None"
}

service_problem(name) := sprintf("the Service %q does not select this StatefulSet's pods", [name]) if {
	some s in services
	s.name == name
	s.clusterIP == "None"
	labels := object.get(k8s.as_object(k8s.pod_template_metadata), "labels", {})
	not selects(k8s.as_object(object.get(s, "selector", {})), labels)
}

selects(selector, labels) if {
	count(selector) > 0
	every k, v in selector {
		labels[k] == v
	}
}
