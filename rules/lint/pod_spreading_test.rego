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

autoscaler_inventory(max_replicas) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"HorizontalPodAutoscaler": [
	{"namespace": "", "name": "web", "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1, "maxReplicas": max_replicas},
]}}

no_replicas := json.remove(deployment(1, {}), ["spec/replicas"])

# replicas unset is 1 pod, unless an autoscaler of the input scales the
# workload: then it may run up to maxReplicas.
test_autoscaled if {
	count(rule.findings) == 0 with input as no_replicas
	findings := rule.findings with input as no_replicas with poddoctor.inventory as autoscaler_inventory(10)
	count(findings) == 1
	some f in findings
	f.msg == "Deployment web may run up to 10 replicas (HorizontalPodAutoscaler web) but does not spread them across nodes"
	f.path == "spec.template.spec"

	# an autoscaler that never goes beyond one pod
	count(rule.findings) == 0 with input as no_replicas with poddoctor.inventory as autoscaler_inventory(1)

	# spread pods are quiet however many there are
	spread := deployment(1, {"topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]})
	count(rule.findings) == 0 with input as spread with poddoctor.inventory as autoscaler_inventory(10)
}

# replicas above the autoscaler's maximum keep the replicas wording.
test_replicas_above_autoscaler if {
	some f in rule.findings with input as deployment(5, {}) with poddoctor.inventory as autoscaler_inventory(3)
	f.msg == "Deployment web runs 5 replicas but does not spread them across nodes"
}

test_autoscaled_template_without_pod_spec if {
	sketch := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}}}}
	count(rule.findings) == 0 with input as sketch with poddoctor.inventory as autoscaler_inventory(10)
}
