package poddoctor.lint.priority_class_test

import data.poddoctor.lint.priority_class as rule

pod(spec) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}

test_priority if {
	count(rule.findings) == 1 with input as pod({})
	count(rule.findings) == 0 with input as pod({"priorityClassName": "high"})
}
