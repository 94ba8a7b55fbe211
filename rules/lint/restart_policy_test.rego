package poddoctor.lint.restart_policy_test

import data.poddoctor.lint.restart_policy as rule

workload(kind, policy) := {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "w"}, "spec": {"template": {"spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, policy)}}}

test_controllers_need_always if {
	every kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] {
		count(rule.findings) == 1 with input as workload(kind, {"restartPolicy": "Never"})
		count(rule.findings) == 1 with input as workload(kind, {"restartPolicy": "OnFailure"})
		count(rule.findings) == 0 with input as workload(kind, {"restartPolicy": "Always"})
		count(rule.findings) == 0 with input as workload(kind, {})
	}
	some f in rule.findings with input as workload("Deployment", {"restartPolicy": "OnFailure"})
	f.path == "spec.template.spec.restartPolicy"
}

test_pods_and_jobs_choose if {
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"restartPolicy": "Never", "containers": [{"name": "a", "image": "a:1"}]}}
	count(rule.findings) == 0 with input as {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "a", "image": "a:1"}]}}}}
}

test_a_custom_resource_named_deployment_is_not_checked if {
	count(rule.findings) == 0 with input as object.union(workload("Deployment", {"restartPolicy": "Never"}), {"apiVersion": "example.com/v1"})
}
