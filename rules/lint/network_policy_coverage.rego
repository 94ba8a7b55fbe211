# METADATA
# title: network-policy-coverage
# description: No NetworkPolicy of the input selects the pods of this workload, so they accept traffic from every pod of the cluster and may reach anything. Off by default (profile strict) - policies often live apart from the application's manifests.
# custom:
#   id: network-policy-coverage
#   severity: info
#   category: networking
#   profile: strict
#   remedy: Add a NetworkPolicy whose podSelector matches these pods and allows only the traffic they need (start from a default-deny policy for the namespace).
#   peers: [kube-linter:non-isolated-pod, kube-score:pod-networkpolicy, polaris:missingNetworkPolicy]
package poddoctor.lint.network_policy_coverage

import data.poddoctor.lib.k8s

findings contains f if {
	count(k8s.containers) > 0
	k8s.inventory.complete
	not k8s.run_once
	not covered
	f := {
		"msg": sprintf("no NetworkPolicy of the input selects the pods of %s %s", [input.kind, input.metadata.name]),
		"path": concat(".", array.concat(array.slice(k8s.pod_spec_path, 0, count(k8s.pod_spec_path) - 1), ["metadata"])),
	}
}

covered if {
	some p in k8s.related("NetworkPolicy")
	k8s.same_namespace(p.namespace, k8s.namespace_of(input))
	k8s.label_selector_matches(object.get(p, "podSelector", {}), k8s.template_labels)
}
