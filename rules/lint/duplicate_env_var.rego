# METADATA
# title: duplicate-env-var
# description: A container defines the same environment variable twice; only the last value takes effect, which silently hides the first.
# custom:
#   id: duplicate-env-var
#   severity: warning
#   category: correctness
#   remedy: Keep one definition of the variable and delete the others.
#   peers: [kube-linter:duplicate-env-var, kube-score:environment-variable-key-duplication]
package poddoctor.lint.duplicate_env_var

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	env := object.get(c.spec, "env", [])
	some i, e in env
	some j, other in env
	j < i
	other.name == e.name
	f := {
		"msg": sprintf("container %q defines %s again (first at env[%d]); the last definition wins", [c.name, e.name, j]),
		"path": sprintf("%s.env[%d].name", [c.path, i]),
		"container": c.name,
	}
}
