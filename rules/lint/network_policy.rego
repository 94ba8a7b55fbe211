# METADATA
# title: network-policy-selects-nothing
# description: A NetworkPolicy's podSelector matches no pod template of the input, so it isolates nothing (usually a label typo), or one of its ingress or egress peers selects pods by labels no template carries. Checked only when the input holds pod templates in the policy's namespace.
# custom:
#   id: network-policy-selects-nothing
#   severity: warning
#   category: networking
#   remedy: Make spec.podSelector (and each peer's podSelector) match the labels of the pods it is meant for (compare with kubectl get pods --show-labels).
#   peers: [kube-linter:dangling-networkpolicy, kube-linter:dangling-networkpolicypeer-podselector, kube-score:networkpolicy-targets-pod]
package poddoctor.lint.network_policy_selects_nothing

import data.poddoctor.lib.k8s

# templates_here holds when the input has a pod template in a namespace the
# policy can share: without one the input says nothing of the policy's pods.
templates_here if k8s.has_templates_in(k8s.namespace_of(input))

# selects_some holds when a pod template of the input matches selector. An
# empty selector matches every pod of the policy's namespace, so any
# template there will do: asked of the templates one by one, the
# "podSelector: {}" peers that most policies allow from cost a scan of
# every template for each policy.
selects_some(selector) if {
	empty_selector(selector)
	k8s.has_templates_in(k8s.namespace_of(input))
}

selects_some(selector) if {
	not empty_selector(selector)
	count(k8s.label_selected_templates(selector, k8s.namespace_of(input))) > 0
}

# empty_selector holds for a selector without requirements, as
# k8s.label_selector_matches reads it (a field of the wrong type requires
# nothing there either).
empty_selector(selector) if {
	count(k8s.as_object(object.get(k8s.as_object(selector), "matchLabels", {}))) == 0
	count(k8s.as_array(object.get(k8s.as_object(selector), "matchExpressions", []))) == 0
}

findings contains f if {
	input.kind == "NetworkPolicy"
	k8s.inventory_complete
	templates_here
	selector := k8s.as_object(object.get(input, ["spec", "podSelector"], {}))
	not selects_some(selector)
	f := {
		"msg": sprintf("NetworkPolicy %s selects no pod template of the input", [input.metadata.name]),
		"path": "spec.podSelector",
	}
}

findings contains f if {
	input.kind == "NetworkPolicy"
	k8s.inventory_complete
	templates_here
	some direction, peer_field in {"ingress": "from", "egress": "to"}
	some i, r in k8s.as_array(object.get(input, ["spec", direction], []))
	some j, peer in k8s.as_array(object.get(k8s.as_object(r), peer_field, []))
	is_object(peer.podSelector)
	not peer.namespaceSelector # pods of other namespaces are not in the input
	not selects_some(peer.podSelector)
	f := {
		"msg": sprintf("NetworkPolicy %s: %s[%d].%s[%d].podSelector matches no pod template of the input", [input.metadata.name, direction, i, peer_field, j]),
		"path": sprintf("spec.%s[%d].%s[%d].podSelector", [direction, i, peer_field, j]),
		"severity": "info",
	}
}
