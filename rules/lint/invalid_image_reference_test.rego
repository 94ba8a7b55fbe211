package poddoctor.lint.invalid_image_reference_test

import data.poddoctor.lint.invalid_image_reference as rule

pod(container) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [container]}}

test_upper_case if {
	some f in rule.findings with input as pod({"name": "a", "image": "Nginx:1.27"})
	f.path == "spec.containers[0].image"
	contains(f.msg, "Nginx:1.27")
}

test_missing_image if {
	some f in rule.findings with input as pod({"name": "a"})
	f.msg == "container \"a\" has no image"
}

test_valid_is_quiet if {
	count(rule.findings) == 0 with input as pod({"name": "a", "image": "registry.example.com:5000/team/app:1.4.2"})
}
