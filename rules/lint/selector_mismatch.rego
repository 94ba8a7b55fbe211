# METADATA
# title: selector-mismatch
# description: The workload's selector does not match the labels of its own pod template (or is missing), so the API server rejects it ("selector does not match template labels").
# custom:
#   id: selector-mismatch
#   severity: error
#   category: correctness
#   remedy: Make spec.selector.matchLabels a subset of spec.template.metadata.labels; the selector of an existing Deployment cannot change, so change the template labels.
#   peers: [kube-linter:mismatching-selector, kube-score:statefulset-pod-selector-labels-match-template-metadata-labels]
package poddoctor.lint.selector_mismatch

import data.poddoctor.lib.k8s

selector_kinds := {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"}

template_labels := k8s.as_object(object.get(input, ["spec", "template", "metadata", "labels"], {}))

spec := k8s.as_object(object.get(input, "spec", {}))

selector := k8s.as_object(object.get(spec, "selector", {}))

# Older API groups (extensions/v1beta1, apps/v1beta1) defaulted the selector
# from the template labels; apps/v1 requires it.
findings contains f if {
	input.kind in selector_kinds
	input.apiVersion == "apps/v1"
	not spec.selector
	f := {
		"msg": sprintf("%s has no spec.selector; apps/v1 requires one", [input.kind]),
		"path": "spec",
	}
}

findings contains f if {
	input.kind in selector_kinds
	some key, value in k8s.as_object(object.get(selector, "matchLabels", {}))
	not template_labels[key] == value
	f := {
		"msg": sprintf("selector %s=%s does not match the pod template labels %s", [key, value, label_text(template_labels)]),
		"path": sprintf("spec.selector.matchLabels[%q]", [key]),
	}
}

findings contains f if {
	input.kind in selector_kinds
	some i, expr in k8s.as_array(object.get(selector, "matchExpressions", []))
	is_object(expr)
	not expression_matches(expr, template_labels)
	f := {
		"msg": sprintf("selector expression %s %s %v does not match the pod template labels %s", [expr.key, expr.operator, object.get(expr, "values", []), label_text(template_labels)]),
		"path": sprintf("spec.selector.matchExpressions[%d]", [i]),
	}
}

# ReplicationController selectors are a plain map; an empty one defaults to the template labels.
findings contains f if {
	input.kind == "ReplicationController"
	some key, value in k8s.as_object(object.get(spec, "selector", {}))
	not template_labels[key] == value
	f := {
		"msg": sprintf("selector %s=%s does not match the pod template labels %s", [key, value, label_text(template_labels)]),
		"path": sprintf("spec.selector[%q]", [key]),
	}
}

expression_matches(expr, labels) if {
	expr.operator == "In"
	labels[expr.key] in expr.values
}

expression_matches(expr, labels) if {
	expr.operator == "NotIn"
	not labels[expr.key] in expr.values
}

expression_matches(expr, labels) if {
	expr.operator == "Exists"
	labels[expr.key]
}

expression_matches(expr, labels) if {
	expr.operator == "DoesNotExist"
	not labels[expr.key]
}

label_text(labels) := "{}" if count(labels) == 0

label_text(labels) := concat(",", sort([sprintf("%s=%s", [k, v]) | some k, v in labels])) if count(labels) > 0
