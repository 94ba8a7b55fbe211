# METADATA
# title: pod-spreading
# description: A Deployment or StatefulSet with more than one replica (or a HorizontalPodAutoscaler of the input that may scale it beyond one) neither spreads its pods (topologySpreadConstraints) nor keeps them apart (pod anti-affinity on the node), so the scheduler may put every replica on one node and one node failure takes all of them. Off by default (profile strict).
# custom:
#   id: pod-spreading
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Add a topologySpreadConstraint on kubernetes.io/hostname (and topology.kubernetes.io/zone) whose labelSelector matches the pods, or a preferred podAntiAffinity term on kubernetes.io/hostname.
#   peers: [kube-linter:no-anti-affinity, kube-score:deployment-has-host-podantiaffinity, kube-score:statefulset-has-host-podantiaffinity, polaris:topologySpreadConstraint]
package poddoctor.lint.pod_spreading

import data.poddoctor.lib.k8s

findings contains f if {
	# Any long-running workload with a replica count (Deployment,
	# StatefulSet, ReplicaSet, DeploymentConfig...): the workload table
	# says which kinds, by API group.
	k8s.workload.long_running
	replicas := object.get(input, ["spec", "replicas"], 1)
	is_number(replicas)
	not scaled_beyond(replicas)
	replicas > 1
	not spread
	f := {
		"msg": sprintf("%s %s runs %d replicas but does not spread them across nodes", [input.kind, input.metadata.name, replicas]),
		"path": k8s.pod_spec_prefix,
	}
}

# An autoscaler of the input may run more pods than spec.replicas (which
# it overrides; unset, it starts at 1): up to its maxReplicas.
findings contains f if {
	k8s.workload.long_running
	replicas := object.get(input, ["spec", "replicas"], 1)
	is_number(replicas)
	scaled_beyond(replicas)
	# a template without a pod spec is the API server's to reject
	count(k8s.pod_spec) > 0
	[most, autoscaler] := max({[h.maxReplicas, h.name] | some h in k8s.autoscalers; is_number(h.maxReplicas)})
	not spread
	f := {
		"msg": sprintf("%s %s may run up to %d replicas (HorizontalPodAutoscaler %s) but does not spread them across nodes", [input.kind, input.metadata.name, most, autoscaler]),
		"path": k8s.pod_spec_prefix,
	}
}

scaled_beyond(replicas) if {
	some h in k8s.autoscalers
	is_number(h.maxReplicas)
	h.maxReplicas > replicas
}

# A constraint without labelSelector counts no pods (the scheduler reads a
# nil selector as matching nothing), so it spreads nothing.
spread if {
	some c in k8s.as_array(object.get(k8s.pod_spec, "topologySpreadConstraints", []))
	selector := object.get(k8s.as_object(c), "labelSelector", null)
	is_object(selector)
	k8s.label_selector_matches(selector, k8s.template_labels)
}

spread if {
	some term in anti_affinity_terms
	term.topologyKey == "kubernetes.io/hostname"
	k8s.label_selector_matches(object.get(k8s.as_object(term), "labelSelector", {}), k8s.template_labels)
	not other_namespaces(term)
}

# other_namespaces holds when a term looks only at pods of other namespaces
# than the workload's own: it lists namespaces, not this one, and has no
# namespaceSelector (which would add the namespaces it matches). Without
# namespaces and namespaceSelector a term means the pod's own namespace.
other_namespaces(term) if {
	own := k8s.namespace_of(input)
	own != ""
	namespaces := k8s.as_array(object.get(term, "namespaces", []))
	count(namespaces) > 0
	not own in namespaces
	object.get(term, "namespaceSelector", null) == null
}

anti_affinity_terms contains t if {
	some t in k8s.as_array(object.get(k8s.pod_spec, ["affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"], []))
}

anti_affinity_terms contains t if {
	some w in k8s.as_array(object.get(k8s.pod_spec, ["affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"], []))
	t := w.podAffinityTerm
}
