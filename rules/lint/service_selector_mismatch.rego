# METADATA
# title: service-selector-mismatch
# description: A Service's selector matches no pod template in the input, so the Service would have no endpoints and every connection to it fails. Checked only when the input contains pod templates.
# custom:
#   id: service-selector-mismatch
#   severity: warning
#   category: networking
#   remedy: Make the Service's spec.selector a subset of the pod template labels of the workload it fronts (compare with kubectl get pods --show-labels).
#   peers: [kube-linter:dangling-service, kube-score:service-targets-pod]
package poddoctor.lint.service_selector_mismatch

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind == "Service"
	k8s.inventory_complete
	k8s.inventory_size(["templates"]) > 0
	selector := k8s.as_object(object.get(input, ["spec", "selector"], {}))
	count(selector) > 0
	count(k8s.selected_templates(selector, k8s.namespace_of(input))) == 0
	f := {
		"msg": sprintf("Service %s selects %s, which matches no pod template in the input", [input.metadata.name, label_text(selector)]),
		"path": "spec.selector",
	}
}

label_text(labels) := concat(",", sort([sprintf("%s=%s", [k, v]) | some k, v in labels]))
