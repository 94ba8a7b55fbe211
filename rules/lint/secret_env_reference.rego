# METADATA
# title: secret-env-reference
# description: A container reads a Secret into environment variables (env valueFrom.secretKeyRef or envFrom.secretRef). Environment variables are inherited by every child process, shown by /proc/PID/environ to anyone who can read it, and often written to logs and crash reports; a file mounted from the Secret is readable only where the application opens it, and is updated when the Secret changes. Off by default (profile all).
# custom:
#   id: secret-env-reference
#   severity: info
#   category: security
#   profile: all
#   remedy: Mount the Secret as a volume (secret.secretName, with defaultMode 0400) and let the application read the file, rather than passing it through the environment.
#   peers: [kube-linter:read-secret-from-env-var]
package poddoctor.lint.secret_env_reference

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	some i, e in k8s.as_array(object.get(c.spec, "env", []))
	ref := k8s.as_object(object.get(k8s.as_object(e), ["valueFrom", "secretKeyRef"], null))
	count(ref) > 0
	f := {
		"msg": sprintf("container %q reads Secret %v (key %v) into the environment variable %v", [c.name, object.get(ref, "name", "?"), object.get(ref, "key", "?"), object.get(e, "name", "?")]),
		"path": sprintf("%s.env[%d].valueFrom.secretKeyRef", [c.path, i]),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	some i, e in k8s.as_array(object.get(c.spec, "envFrom", []))
	ref := k8s.as_object(object.get(k8s.as_object(e), "secretRef", null))
	count(ref) > 0
	f := {
		"msg": sprintf("container %q: envFrom reads every key of Secret %v into the environment", [c.name, object.get(ref, "name", "?")]),
		"path": sprintf("%s.envFrom[%d].secretRef", [c.path, i]),
		"container": c.name,
	}
}
