# METADATA
# title: network-policy-coverage
# description: No NetworkPolicy of the input restricts the ingress or the egress traffic of this workload's pods (policyTypes, as the API defaults them), so they accept traffic from every pod of the cluster or may reach anything. Off by default (profile strict) - policies often live apart from the application's manifests.
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
	k8s.inventory_complete
	not k8s.run_once
	not host_network
	open := [d | some d in ["Ingress", "Egress"]; not covered(d)]
	count(open) > 0
	f := {
		"msg": sprintf("no NetworkPolicy of the input restricts %s traffic of the pods of %s %s", [concat(" or ", [lower(d) | some d in open]), input.kind, input.metadata.name]),
		"path": concat(".", array.concat(array.slice(k8s.pod_spec_path, 0, count(k8s.pod_spec_path) - 1), ["metadata"])),
	}
}

# A pod on the node's network (node-exporter, CNI and CSI node agents) is
# not asked for a policy: the Kubernetes documentation leaves NetworkPolicy
# undefined for hostNetwork pods and most network plugins do not apply it.
host_network if object.get(k8s.pod_spec, "hostNetwork", false) == true

covered(direction) if {
	some p in k8s.selecting_candidates("NetworkPolicy", k8s.template_labels)
	k8s.same_namespace(p.namespace, k8s.namespace_of(input))
	k8s.label_selector_matches(object.get(p, "podSelector", {}), k8s.template_labels)
	direction in policy_types(p)
}

# policyTypes, or what the API defaults it to: Ingress always, Egress when
# the policy has egress rules.
policy_types(p) := {t | some t in k8s.as_array(p.policyTypes)} if count(k8s.as_array(object.get(p, "policyTypes", []))) > 0

else := {"Ingress", "Egress"} if count(k8s.as_array(object.get(p, "egress", []))) > 0

else := {"Ingress"}
