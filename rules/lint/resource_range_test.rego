package poddoctor.lint.resource_range_test

import data.poddoctor.lint.resource_range as rule

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"initContainers": [{"name": "init", "image": "a:1", "resources": {"limits": {"cpu": "10"}}}],
	"containers": [{"name": "app", "image": "a:1", "resources": resources}],
}}

# polaris' test/checks/resourceRange/check.yaml, as .poddoctor.yaml params.
params := {"resource-range": {"limits": {"cpu": {"min": "100m", "max": "2"}, "memory": {"min": "100Mi", "max": "6G"}}}}


test_within_range if {
	count(rule.findings) == 0 with input as pod({"limits": {"cpu": 1.5, "memory": "250Mi"}}) with data.poddoctor.params as params
	count(rule.findings) == 0 with input as pod({"limits": {"cpu": 1, "memory": 104857600}}) with data.poddoctor.params as params
}

test_outside_range if {
	findings := rule.findings with input as pod({"limits": {"cpu": 0.05, "memory": "8Gi"}}) with data.poddoctor.params as params
	{f.msg | some f in findings} == {
		"container \"app\" is limited to cpu 0.05, below the configured minimum 100m",
		"container \"app\" is limited to memory 8Gi, above the configured maximum 6G",
	}
	some f in rule.findings with input as pod({"limits": {"cpu": 1, "memory": 104857599}}) with data.poddoctor.params as params
	f.msg == "container \"app\" is limited to memory 104857599, below the configured minimum 100Mi"
}

test_missing_values if {
	some f in rule.findings with input as pod({"limits": {"memory": "1Gi"}}) with data.poddoctor.params as params
	f.msg == "container \"app\" has no cpu limit, so it is unbounded; the configured maximum is 2"
	req := {"resource-range": {"requests": {"memory": {"min": "64Mi"}}}}
	# A request left out defaults to the limit.
	count(rule.findings) == 0 with input as pod({"limits": {"memory": "128Mi"}}) with data.poddoctor.params as req
	count(rule.findings) == 1 with input as pod({"limits": {"memory": "32Mi"}}) with data.poddoctor.params as req
	count(rule.findings) == 1 with input as pod({}) with data.poddoctor.params as req
}

test_runs_only_when_configured if {
	count(rule.findings) == 0 with input as pod({"limits": {"cpu": 100}}) with data.poddoctor.params as {}
}
