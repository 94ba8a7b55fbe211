package poddoctor.lint.low_user_id_test

import data.poddoctor.lint.low_user_id as rule

pod(pod_sc, container_sc) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": pod_sc, "containers": [{"name": "app", "image": "a:1", "securityContext": container_sc}]}}

test_high_ids if {
	count(rule.findings) == 0 with input as pod({}, {"runAsUser": 30000, "runAsGroup": 30000})
	count(rule.findings) == 0 with input as pod({"runAsUser": 10001, "runAsGroup": 10001}, {})
}

test_low_or_unset if {
	{f.msg | some f in rule.findings} == {"container \"app\": runAsGroup is 0, below 10000"} with input as pod({}, {"runAsUser": 15000, "runAsGroup": 0})
	count(rule.findings) == 2 with input as pod({}, {})

	# The container's setting wins over the pod's.
	{f.msg | some f in rule.findings} == {"container \"app\": runAsUser is 1000, below 10000"} with input as pod({"runAsUser": 20000, "runAsGroup": 20000}, {"runAsUser": 1000})
}

test_windows if {
	count(rule.findings) == 0 with input as object.union(pod({}, {}), {"spec": {"os": {"name": "windows"}}})
}
