# METADATA
# title: invalid-name-syntax
# description: A label value, a container port name or a Service targetPort breaks the syntax the API server enforces (label values - at most 63 characters, alphanumerics with - _ . inside; port names - IANA service names, at most 15 lowercase letters, digits and single hyphens with at least one letter; port numbers - 1 to 65535, containerPort required), or two ports of a container share a name, so the object is rejected.
# custom:
#   id: invalid-name-syntax
#   severity: error
#   category: correctness
#   remedy: Shorten or rename the value as the message says; quote label values that YAML would read as numbers or booleans.
#   peers: [kube-score:container-ports-check, kube-linter:invalid-target-ports]
package poddoctor.lint.invalid_name_syntax

import data.poddoctor.lib.k8s

label_value := `^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`

# label_places are the object's labels and its pod template's, each with
# the name of its place; labels_path writes a place's path, for the rare
# invalid value only.
label_places contains ["object", object.get(k8s.as_object(object.get(input, "metadata", {})), "labels", {})]

label_places contains ["template", object.get(k8s.as_object(k8s.pod_template_metadata), "labels", {})] if {
	input.kind != "Pod"
	k8s.pod_spec_path
}

labels_path("object") := "metadata.labels"

labels_path("template") := sprintf("%s.metadata.labels", [concat(".", array.slice(k8s.pod_spec_path, 0, count(k8s.pod_spec_path) - 1))])

findings contains f if {
	some [place, labels] in label_places
	is_object(labels)
	some key, value in labels
	is_string(value)
	not valid_label_value(value)
	f := {
		"msg": sprintf("label %s has the invalid value %q (at most 63 characters, alphanumerics with - _ . inside)", [key, value]),
		"path": sprintf("%s[%q]", [labels_path(place), key]),
	}
}

valid_label_value(v) if {
	count(v) <= 63
	regex.match(label_value, v)
}

findings contains f if {
	some c in k8s.containers
	some i, p in k8s.as_array(object.get(c.spec, "ports", []))
	is_object(p)
	name := p.name
	is_string(name)
	problem := port_name_problem(name)
	f := {
		"msg": sprintf("container %q: port name %q %s", [c.name, name, problem]),
		"path": sprintf("%s.ports[%d].name", [c.path, i]),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	ports := k8s.as_array(object.get(c.spec, "ports", []))
	some i, p in ports
	some j, q in ports
	i > j
	is_object(p)
	is_object(q)
	is_string(p.name)
	p.name == q.name
	f := {
		"msg": sprintf("container %q declares the port name %q twice", [c.name, p.name]),
		"path": sprintf("%s.ports[%d].name", [c.path, i]),
		"container": c.name,
	}
}

# A Service's targetPort is a port number or the name of a container port,
# and the API server validates each as such (and port itself as a number).
findings contains f if {
	input.kind == "Service"
	some i, p in k8s.as_array(object.get(input, ["spec", "ports"], []))
	is_object(p)
	some field in ["port", "targetPort", "nodePort"]
	value := p[field]
	problem := service_port_problem(field, value)
	f := {
		"msg": sprintf("Service %s: spec.ports[%d].%s %v %s", [input.metadata.name, i, field, value, problem]),
		"path": sprintf("spec.ports[%d].%s", [i, field]),
	}
}

service_port_problem(field, value) := port_name_problem(value) if {
	field == "targetPort"
	is_string(value)
}

service_port_problem(field, value) := "must be between 1 and 65535, inclusive" if {
	is_number(value)
	not valid_port_number(field, value)
}

# nodePort 0 asks the API server to allocate one, as an absent field does.
valid_port_number(field, n) if {
	n >= 1
	n <= 65535
}

valid_port_number("nodePort", 0)

# containerPort is required (an entry with only a name, or "containerPort:"
# left empty by a template, is rejected: "containerPort: Required value").
findings contains f if {
	some c in k8s.containers
	some i, p in k8s.as_array(object.get(c.spec, "ports", []))
	is_object(p)
	object.get(p, "containerPort", null) == null
	f := {
		"msg": sprintf("container %q: ports[%d] has no containerPort, which is required", [c.name, i]),
		"path": sprintf("%s.ports[%d]", [c.path, i]),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	some i, p in k8s.as_array(object.get(c.spec, "ports", []))
	is_number(object.get(k8s.as_object(p), "containerPort", null))
	not valid_port_number("containerPort", p.containerPort)
	f := {
		"msg": sprintf("container %q: containerPort %v must be between 1 and 65535, inclusive", [c.name, p.containerPort]),
		"path": sprintf("%s.ports[%d].containerPort", [c.path, i]),
		"container": c.name,
	}
}

# IANA_SVC_NAME, as k8s.io/apimachinery validation.IsValidPortName checks it.
port_name_problem(n) := "is longer than 15 characters" if count(n) > 15

else := "may contain only lowercase letters, digits and '-'" if not regex.match(`^[-a-z0-9]+$`, n)

else := "must contain at least one letter" if not regex.match(`[a-z]`, n)

else := "may not start or end with '-' or contain '--'" if {
	some bad in [startswith(n, "-"), endswith(n, "-"), contains(n, "--")]
	bad
}
