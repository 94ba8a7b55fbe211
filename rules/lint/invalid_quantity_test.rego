package poddoctor.lint.invalid_quantity_test

import data.poddoctor.lint.invalid_quantity

deployment(resources) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27", "resources": resources}]}}}}

test_megabytes_written_as_mb if {
	findings := invalid_quantity.findings with input as deployment({"requests": {"memory": "512mb"}})
	count(findings) == 1
	some f in findings
	startswith(f.msg, "container \"web\": resources.requests.memory: \"512mb\" is not a valid quantity")
	f.path == "spec.template.spec.containers[0].resources.requests[\"memory\"]"
	f.container == "web"
	f.remedy == "Write the memory quantity with a Kubernetes suffix, for example 512Mi or 1Gi (\"512mb\" is not one)."
}

test_cpu_with_unit_word if {
	some f in invalid_quantity.findings with input as deployment({"limits": {"cpu": "2 cores"}})
	f.path == "spec.template.spec.containers[0].resources.limits[\"cpu\"]"
	f.remedy == "Write the CPU quantity as millicores (250m) or cores (0.5) (\"2 cores\" is not one)."
}

test_other_resource if {
	some f in invalid_quantity.findings with input as deployment({"limits": {"ephemeral-storage": "1.5 GB"}})
	f.path == "spec.template.spec.containers[0].resources.limits[\"ephemeral-storage\"]"
	startswith(f.remedy, "Write ephemeral-storage as a Kubernetes quantity")
}

# YAML numbers (cpu: 1, cpu: 0.5), exponents and every suffix the API
# accepts (resource.ParseQuantity, k8s.io/apimachinery) are valid.
test_valid_forms_are_quiet if {
	count(invalid_quantity.findings) == 0 with input as deployment({
		"requests": {"cpu": 0.5, "memory": "128Mi", "ephemeral-storage": "1G", "hugepages-2Mi": "100Mi"},
		"limits": {"cpu": 2, "memory": "1e9", "nvidia.com/gpu": 1, "example.com/foo": "500m"},
	})
}

# A number of the wrong type is still wrong: the API rejects booleans.
test_wrong_type if {
	some f in invalid_quantity.findings with input as deployment({"limits": {"memory": true}})
	f.path == "spec.template.spec.containers[0].resources.limits[\"memory\"]"
}

test_each_bad_value_is_one_finding if {
	findings := invalid_quantity.findings with input as deployment({"requests": {"cpu": "100mi", "memory": "1gb"}, "limits": {"cpu": "1", "memory": "2GB"}})
	{f.path | some f in findings} == {
		"spec.template.spec.containers[0].resources.requests[\"cpu\"]",
		"spec.template.spec.containers[0].resources.requests[\"memory\"]",
		"spec.template.spec.containers[0].resources.limits[\"memory\"]",
	}
}

# A quantity left empty in YAML (`cpu:`, what a Helm template renders for
# an unset value) is null, and the API server accepts it:
# resource.Quantity's UnmarshalJSON takes null as zero (k8s.io/apimachinery
# v0.35, checked with client-go's strict YAML decoder).
test_null_quantity_is_not_a_rejection if {
	count(invalid_quantity.findings) == 0 with input as deployment({"limits": {"cpu": null}})
	count(invalid_quantity.findings) == 1 with input as deployment({"limits": {"cpu": "null"}})
}
