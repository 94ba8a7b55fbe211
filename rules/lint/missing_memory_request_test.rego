package poddoctor.lint.missing_memory_request_test

import data.poddoctor.lint.missing_memory_request as rule

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"initContainers": [{"name": "migrate", "image": "acme/migrate:1.0"}],
	"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}],
}}

test_no_resources if {
	findings := rule.findings with input as pod({})
	count(findings) == 1
	some f in findings
	f.msg == "container \"app\" has no memory request"
	f.path == "spec.containers[0].resources"
	f.container == "app"
}

test_only_cpu_requested if {
	some f in rule.findings with input as pod({"requests": {"cpu": "100m"}})
	f.msg == "container \"app\" has no memory request"
}

test_quiet if {
	# polaris' memoryRequestsMissing success case: memory requested, no CPU
	count(rule.findings) == 0 with input as pod({"requests": {"memory": "512Mi"}})
	# a memory limit alone becomes the request
	count(rule.findings) == 0 with input as pod({"limits": {"memory": "256Mi"}})
	count(rule.findings) == 1 with input as pod({"requests": {"cpu": "1"}, "limits": {"cpu": "1"}})
}

# A sidecar (an init container with restartPolicy Always) runs for the
# pod's life and is counted; a plain init container is not.
test_sidecar if {
	sidecar := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"initContainers": [{"name": "proxy", "image": "envoy:1.30", "restartPolicy": "Always"}],
		"containers": [{"name": "app", "image": "nginx:1.27", "resources": {"requests": {"memory": "1Gi"}}}],
	}}
	findings := rule.findings with input as sidecar
	count(findings) == 1
	some f in findings
	f.container == "proxy"
	f.path == "spec.initContainers[0].resources"
}
