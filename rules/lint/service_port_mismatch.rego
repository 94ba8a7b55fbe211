# METADATA
# title: service-port-mismatch
# description: A Service port's targetPort (a name, or a number) is declared by none of the containers the Service selects, so connections to that port are refused. Checked only against pod templates in the input.
# custom:
#   id: service-port-mismatch
#   severity: warning
#   category: networking
#   remedy: Point targetPort at a containerPort (or port name) the selected containers declare, or declare the port the process listens on in the container's ports.
#   peers: [kube-score:service-targets-pod]
package poddoctor.lint.service_port_mismatch

import data.poddoctor.lib.k8s

selected := k8s.selected_templates(object.get(input, ["spec", "selector"], {}), k8s.namespace_of(input))

findings contains f if {
	input.kind == "Service"
	k8s.inventory_complete
	count(k8s.as_object(object.get(input, ["spec", "selector"], {}))) > 0
	count(selected) > 0
	some i, port in object.get(input.spec, "ports", [])
	target := object.get(port, "targetPort", port.port)
	not declared(target)
	f := {
		"msg": sprintf("Service %s port %v targets %v, which no selected container declares (%s)", [input.metadata.name, port.port, target, concat(", ", sort({sprintf("%s %s", [t.kind, t.name]) | some t in selected}))]),
		"path": path(i, port),
	}
}

declared(target) if {
	is_string(target)
	some t in selected
	some p in t.ports
	p.name == target
}

# A number is a mismatch only when the selected containers declare ports
# at all: many images listen on ports their manifests never list.
declared(target) if {
	is_number(target)
	some t in selected
	some p in t.ports
	p.containerPort == target
}

declared(target) if {
	is_number(target)
	count([p | some t in selected; some p in t.ports]) == 0
}

path(i, port) := sprintf("spec.ports[%d].targetPort", [i]) if port.targetPort

path(i, port) := sprintf("spec.ports[%d].port", [i]) if not port.targetPort
