package poddoctor.lint.node_affinity_test

import data.poddoctor.lint.node_affinity as rule

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}}}

test_no_placement if {
	some f in rule.findings with input as deployment({})
	f.path == "spec.template.spec"
}

test_node_affinity_or_selector if {
	count(rule.findings) == 0 with input as deployment({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["web"]}]}]}}}})
	count(rule.findings) == 0 with input as deployment({"nodeSelector": {"kubernetes.io/os": "linux"}})
}

test_only_pod_affinity_is_not_placement if {
	count(rule.findings) == 1 with input as deployment({"affinity": {"podAntiAffinity": {}}, "nodeSelector": {}})
}

test_run_once_pods_are_not_checked if {
	count(rule.findings) == 0 with input as {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "a", "image": "a:1"}]}}}}
}
