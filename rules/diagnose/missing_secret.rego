# METADATA
# title: missing-secret
# description: The container cannot be created because a Secret its environment reads does not exist in the pod's namespace (CreateContainerConfigError).
# custom:
#   id: missing-secret
#   severity: error
#   category: configuration
#   remedy: Create the Secret in the pod's namespace (or let its operator, such as external-secrets, sync it), fix the name in the pod template, or mark the reference optional.
package poddoctor.diagnose.missing_secret

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	c.error.cause == "missing-secret"
	f := {
		"msg": sprintf("the %s %q cannot start: Secret %q does not exist in namespace %s", [d.kind_word(c), c.name, c.error.object, d.pod.object.namespace]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat([d.state_line("State", c.state)], d.event_lines(c.events, {"container"})),
		"remedy": sprintf("Create it (kubectl create secret generic -n %s %s ...), check the operator that should sync it, or fix the name the pod template refers to.", [d.pod.object.namespace, c.error.object]),
	}
}
