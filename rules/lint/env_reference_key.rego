# METADATA
# title: env-reference-key
# description: An env valueFrom (configMapKeyRef or secretKeyRef) names a key that the ConfigMap or Secret of that name in the input does not have, so the container fails to start (CreateContainerConfigError, "couldn't find key") unless the reference is optional. Checked only against objects the input defines.
# custom:
#   id: env-reference-key
#   severity: error
#   category: correctness
#   remedy: Use one of the keys the object defines (the message lists them), add the key to the object, or mark the reference optional true if it may be absent.
#   peers: [kube-linter:env-value-from]
package poddoctor.lint.env_reference_key

import data.poddoctor.lib.k8s

refs := {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}

findings contains f if {
	some c in k8s.containers
	some i, e in k8s.as_array(object.get(c.spec, "env", []))
	is_object(e)
	some field, kind in refs
	ref := e.valueFrom[field]
	is_object(ref)
	not ref.optional == true
	some obj in k8s.named_objects(kind, ref.name)
	obj.name == ref.name
	k8s.same_namespace(obj.namespace, k8s.namespace_of(input))
	keys := object.get(obj, "keys", [])
	not ref.key in keys
	f := {
		"msg": sprintf("container %q: env %s reads key %q of %s %s, which %s", [c.name, object.get(e, "name", ""), ref.key, kind, ref.name, key_list(keys)]),
		"path": sprintf("%s.env[%d].valueFrom.%s.key", [c.path, i, field]),
		"container": c.name,
	}
}

key_list(keys) := "has no keys" if count(keys) == 0

key_list(keys) := concat("", ["has only ", concat(", ", sort(keys))]) if count(keys) > 0
