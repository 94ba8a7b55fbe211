package poddoctor.lint.unknown_priority_class_test

import data.poddoctor.lint.unknown_priority_class as rule

pod(class) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"priorityClassName": class, "containers": [{"name": "a", "image": "a:1"}]}}

inventory := {"complete": true, "kinds": {"PriorityClass": 1}, "objects": {"PriorityClass": [{"namespace": "", "name": "batch-low"}]}}

test_unknown_class if {
	some f in rule.findings with input as pod("fire") with poddoctor.inventory as inventory
	f.path == "spec.priorityClassName"
}

test_known_classes if {
	count(rule.findings) == 0 with input as pod("system-node-critical") with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as pod("batch-low") with poddoctor.inventory as inventory
	count(rule.findings) == 0 with input as pod("high") with poddoctor.inventory as inventory with data.poddoctor.params as {"unknown-priority-class": {"classes": ["high"]}}
}

test_no_class_is_priority_class_rule if {
	count(rule.findings) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1"}]}} with poddoctor.inventory as inventory
}
