package poddoctor.lint.capabilities_not_dropped_test

import data.poddoctor.lint.capabilities_not_dropped as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_nothing_dropped if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	f.msg == "container \"a\" drops neither ALL nor NET_RAW capabilities"
}

test_drop_all_or_net_raw if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"drop": ["ALL"]}}}]})
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"drop": ["CAP_NET_RAW"]}}}]})
}

test_adding_net_raw_is_warning if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}}]})
	f.severity == "warning"
}
