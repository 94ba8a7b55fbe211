package poddoctor.lint.quantity_test

import data.poddoctor.lint.invalid_quantity
import data.poddoctor.lint.request_exceeds_limit

pod(resources) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "a:1", "resources": resources}]}}

test_megabytes_lower_case if {
	some f in invalid_quantity.findings with input as pod({"limits": {"memory": "500mb"}})
	f.path == "spec.containers[0].resources.limits[\"memory\"]"
	contains(f.remedy, "512Mi")
}

test_valid_quantities if {
	count(invalid_quantity.findings) == 0 with input as pod({"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": 1, "memory": "1Gi", "nvidia.com/gpu": 1}})
}

test_request_above_limit if {
	some f in request_exceeds_limit.findings with input as pod({"requests": {"memory": "2Gi"}, "limits": {"memory": "1Gi"}})
	f.path == "spec.containers[0].resources.requests[\"memory\"]"
}

test_request_equal_limit if {
	count(request_exceeds_limit.findings) == 0 with input as pod({"requests": {"cpu": "1000m"}, "limits": {"cpu": "1"}})
}
