# METADATA
# title: missing-config-key
# description: The container cannot be created because a key its environment reads is missing from an existing ConfigMap or Secret (CreateContainerConfigError).
# custom:
#   id: missing-config-key
#   severity: error
#   category: configuration
#   remedy: Add the key to the ConfigMap or Secret, fix the key name in the pod template (keys are case-sensitive), or mark the reference optional.
package poddoctor.diagnose.missing_config_key

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	c.error.cause == "missing-config-key"
	f := {
		"msg": sprintf("the %s %q cannot start: key %q is missing from %s %q", [d.kind_word(c), c.name, c.error.key, object.get(c.error, "objectKind", "the object"), object.get(c.error, "object", "?")]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat([d.state_line("State", c.state)], d.event_lines(c.events, {"container"})),
	}
}
