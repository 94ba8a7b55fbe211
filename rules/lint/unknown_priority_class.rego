# METADATA
# title: unknown-priority-class
# description: The pod names a PriorityClass that is neither built in (system-cluster-critical, system-node-critical) nor defined in the input nor listed as one of the cluster's under params.unknown-priority-class.classes; the API server's Priority admission plugin rejects pods whose class does not exist ('no PriorityClass with name ... was found'), so the controller creates none. Off by default (profile all) - priority classes are cluster-wide and usually created apart from the application.
# custom:
#   id: unknown-priority-class
#   severity: info
#   category: scheduling
#   profile: all
#   remedy: Create the PriorityClass (kubectl get priorityclasses lists the cluster's), fix the name, or list the cluster's classes under params.unknown-priority-class.classes in .poddoctor.yaml.
#   peers: [kube-linter:priority-class-name]
package poddoctor.lint.unknown_priority_class

import data.poddoctor.lib.k8s

# builtin are the classes every cluster has (the API server creates them).
builtin := {"system-cluster-critical", "system-node-critical"}

configured := {c | some c in k8s.as_array(object.get(data.poddoctor.params, ["unknown-priority-class", "classes"], []))}

findings contains f if {
	name := k8s.pod_spec.priorityClassName
	is_string(name)
	name != ""
	not name in builtin
	not name in configured
	not defined(name)
	f := {
		"msg": sprintf("the pods of %s %s name the PriorityClass %q, which is not built in, not in the input and not listed in params.unknown-priority-class.classes", [input.kind, input.metadata.name, name]),
		"path": sprintf("%s.priorityClassName", [k8s.pod_spec_prefix]),
	}
}

defined(name) if {
	some o in k8s.inventory_at(["objects", "PriorityClass"], [])
	o.name == name
}
