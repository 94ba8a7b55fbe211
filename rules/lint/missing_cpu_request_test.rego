package poddoctor.lint.missing_cpu_request_test

import data.poddoctor.lint.missing_cpu_request as rule

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"initContainers": [{"name": "migrate", "image": "acme/migrate:1.0"}],
	"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}],
}}

test_no_resources if {
	findings := rule.findings with input as pod({})
	count(findings) == 1
	some f in findings
	f.msg == "container \"app\" has no CPU request"
	f.path == "spec.containers[0].resources"
	f.container == "app"
}

# Memory set and CPU left out on purpose is this rule's finding alone.
test_only_memory_requested if {
	some f in rule.findings with input as pod({"requests": {"memory": "128Mi"}})
	f.msg == "container \"app\" has no CPU request"
}

test_quiet if {
	count(rule.findings) == 0 with input as pod({"requests": {"cpu": "100m"}})
	# a CPU limit alone becomes the request
	count(rule.findings) == 0 with input as pod({"limits": {"cpu": "1"}})
	# a memory request is not a CPU request
	count(rule.findings) == 1 with input as pod({"requests": {"memory": "1Gi"}, "limits": {"memory": "1Gi"}})
	# wrong shapes are unknown-field's, never a failure here
	count(rule.findings) == 1 with input as pod({"requests": "lots"})
}
