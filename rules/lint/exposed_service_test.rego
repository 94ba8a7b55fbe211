package poddoctor.lint.exposed_service_test

import data.poddoctor.lint.exposed_service as rule

test_types if {
	count(rule.findings) == 1 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "LoadBalancer"}}
	count(rule.findings) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "ClusterIP"}}
}
