package poddoctor.lint.dns_ndots_test

import data.poddoctor.lint.dns_ndots as rule

pod(spec) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}

test_ndots if {
	count(rule.findings) == 1 with input as pod({})
	count(rule.findings) == 0 with input as pod({"dnsConfig": {"options": [{"name": "ndots", "value": "2"}]}})
	count(rule.findings) == 1 with input as pod({"dnsConfig": {"options": [{"name": "ndots", "value": "5"}]}})
}
