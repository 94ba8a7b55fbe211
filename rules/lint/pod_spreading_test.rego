package poddoctor.lint.pod_spreading_test

import data.poddoctor.lint.pod_spreading as rule

deployment(replicas, spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": replicas, "template": {"metadata": {"labels": {"app": "web"}}, "spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}}}

test_not_spread if {
	count(rule.findings) == 1 with input as deployment(3, {})
	count(rule.findings) == 0 with input as deployment(1, {})
}

test_spread_or_anti_affinity if {
	count(rule.findings) == 0 with input as deployment(3, {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]})
	count(rule.findings) == 0 with input as deployment(3, {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}}}}]}}})
}

test_selector_of_other_pods if {
	count(rule.findings) == 1 with input as deployment(3, {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "db"}}}]}}})
}

anti_affinity(extra) := {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [object.union({"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}}}, extra)]}}}

in_namespace(d, ns) := object.union(d, {"metadata": {"namespace": ns}})

test_term_of_other_namespaces if {
	count(rule.findings) == 1 with input as in_namespace(deployment(3, anti_affinity({"namespaces": ["bar"]})), "foo")
	count(rule.findings) == 0 with input as in_namespace(deployment(3, anti_affinity({"namespaces": ["bar", "foo"]})), "foo")
	count(rule.findings) == 0 with input as in_namespace(deployment(3, anti_affinity({})), "foo")

	# A namespaceSelector adds namespaces whose labels the input does not show.
	count(rule.findings) == 0 with input as in_namespace(deployment(3, anti_affinity({"namespaces": ["bar"], "namespaceSelector": {}})), "foo")

	# Without its own namespace, the manifest may be applied to bar.
	count(rule.findings) == 0 with input as deployment(3, anti_affinity({"namespaces": ["bar"]}))
}

test_constraint_without_selector_spreads_nothing if {
	count(rule.findings) == 1 with input as deployment(3, {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"}]})
}
