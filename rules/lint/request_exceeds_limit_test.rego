package poddoctor.lint.request_exceeds_limit_test

import data.poddoctor.lint.request_exceeds_limit

deployment(resources) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27", "resources": resources}]}}}}

# The API server rejects it: "spec.containers[0].resources.requests:
# Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi"
# (pkg/apis/core/validation, ValidateResourceRequirements).
test_memory_request_above_limit if {
	findings := request_exceeds_limit.findings with input as deployment({"requests": {"memory": "2Gi"}, "limits": {"memory": "1Gi"}})
	count(findings) == 1
	some f in findings
	f.msg == "container \"web\" requests memory 2Gi but is limited to 1Gi"
	f.path == "spec.template.spec.containers[0].resources.requests[\"memory\"]"
	f.container == "web"
}

# Compared as quantities, not as text: "1500m" > "1" though "1" sorts
# after it, and 1 (a YAML number) is one core.
test_compared_as_quantities if {
	some f in request_exceeds_limit.findings with input as deployment({"requests": {"cpu": "1500m"}, "limits": {"cpu": 1}})
	f.msg == "container \"web\" requests cpu 1500m but is limited to 1"
	count(request_exceeds_limit.findings) == 0 with input as deployment({"requests": {"cpu": "900m", "memory": "1000Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}})
}

# Decimal and binary suffixes: 1G (10^9) is less than 1Gi (2^30).
test_decimal_below_binary_is_quiet if {
	count(request_exceeds_limit.findings) == 0 with input as deployment({"requests": {"memory": "1G"}, "limits": {"memory": "1Gi"}})
	count(request_exceeds_limit.findings) == 1 with input as deployment({"requests": {"memory": "1Gi"}, "limits": {"memory": "1G"}})
}

test_equal_is_quiet if {
	count(request_exceeds_limit.findings) == 0 with input as deployment({"requests": {"cpu": "1000m", "memory": "1024Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}})
}

# A request without a limit of that resource is not compared with another
# resource's limit.
test_request_without_limit_is_quiet if {
	count(request_exceeds_limit.findings) == 0 with input as deployment({"requests": {"cpu": "4", "memory": "8Gi"}, "limits": {"memory": "16Gi"}})
}

# An invalid quantity is invalid-quantity's finding, not this one's.
test_invalid_quantity_is_left_to_its_rule if {
	count(request_exceeds_limit.findings) == 0 with input as deployment({"requests": {"memory": "2gb"}, "limits": {"memory": "1Gi"}})
}
