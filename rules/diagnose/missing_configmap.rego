# METADATA
# title: missing-configmap
# description: The container cannot be created because a ConfigMap its environment reads does not exist in the pod's namespace (CreateContainerConfigError).
# custom:
#   id: missing-configmap
#   severity: error
#   category: configuration
#   remedy: Create the ConfigMap in the pod's namespace, fix the name in the pod template, or mark the reference optional.
package poddoctor.diagnose.missing_configmap

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	c.error.cause == "missing-configmap"
	f := {
		"msg": sprintf("the %s %q cannot start: ConfigMap %q does not exist in namespace %s", [d.kind_word(c), c.name, c.error.object, d.pod.object.namespace]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat([d.state_line("State", c.state)], d.event_lines(c.events, {"container"})),
		"remedy": sprintf("Create it (kubectl create configmap -n %s %s ...) or fix the name the pod template refers to.", [d.pod.object.namespace, c.error.object]),
	}
}
