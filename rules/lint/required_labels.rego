# METADATA
# title: required-labels
# description: An object lacks a label the team requires (an owner, a cost centre, a tier), or its value does not match the required pattern. Runs only when .poddoctor.yaml lists the labels under params.required-labels.labels, as a mapping of label key to a regular expression its whole value must match ("" accepts any value); params.required-labels.kinds lists the kinds checked (default - every workload kind).
# custom:
#   id: required-labels
#   severity: warning
#   category: metadata
#   remedy: Add the label to the object's metadata.labels with a value that matches the configured pattern.
#   peers: [kube-linter:required-label-owner]
package poddoctor.lint.required_labels

import data.poddoctor.lib.k8s

params := k8s.as_object(object.get(data.poddoctor.params, "required-labels", {}))

findings contains f if {
	checked_kind
	some key, pattern in k8s.as_object(object.get(params, "labels", {}))
	labels := k8s.as_object(object.get(k8s.as_object(object.get(input, "metadata", {})), "labels", {}))
	problem := k8s.required_value_problem(labels, key, pattern)
	f := {
		"msg": sprintf("%s %s: label %s %s", [input.kind, input.metadata.name, key, problem]),
		"path": "metadata.labels",
	}
}

checked_kind if input.kind in object.get(params, "kinds", [])

checked_kind if {
	not params.kinds
	k8s.pod_spec_path
}
