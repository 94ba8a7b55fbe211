# METADATA
# title: required-annotations
# description: An object lacks an annotation the team requires (a contact e-mail, a runbook link), or its value does not match the required pattern. Runs only when .poddoctor.yaml lists the annotations under params.required-annotations.annotations, as a mapping of annotation key to a regular expression its whole value must match ("" accepts any value); params.required-annotations.kinds lists the kinds checked (default - every workload kind).
# custom:
#   id: required-annotations
#   severity: warning
#   category: metadata
#   remedy: Add the annotation to the object's metadata.annotations with a value that matches the configured pattern.
#   peers: [kube-linter:required-annotation-email]
package poddoctor.lint.required_annotations

import data.poddoctor.lib.k8s

params := k8s.as_object(object.get(data.poddoctor.params, "required-annotations", {}))

findings contains f if {
	checked_kind
	some key, pattern in k8s.as_object(object.get(params, "annotations", {}))
	annotations := k8s.as_object(object.get(k8s.as_object(object.get(input, "metadata", {})), "annotations", {}))
	problem := k8s.required_value_problem(annotations, key, pattern)
	f := {
		"msg": sprintf("%s %s: annotation %s %s", [input.kind, input.metadata.name, key, problem]),
		"path": "metadata.annotations",
	}
}

checked_kind if input.kind in object.get(params, "kinds", [])

checked_kind if {
	not params.kinds
	k8s.pod_spec_path
}
