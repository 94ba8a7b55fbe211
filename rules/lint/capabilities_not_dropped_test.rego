package poddoctor.lint.capabilities_not_dropped_test

import data.poddoctor.lint.capabilities_not_dropped as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

dropping(caps) := pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"drop": caps}}}]})

every_default := ["CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"]

test_nothing_dropped if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	f.msg == "container \"a\" drops neither ALL nor any of the capabilities the runtime grants by default, NET_RAW among them"
}

test_drop_all_or_every_default if {
	count(rule.findings) == 0 with input as dropping(["ALL"])
	count(rule.findings) == 0 with input as dropping(["all"])
	count(rule.findings) == 0 with input as dropping(every_default)
	# Names are read without case and without the CAP_ prefix.
	count(rule.findings) == 0 with input as dropping([sprintf("cap_%s", [lower(c)]) | some c in every_default])
}

test_dropping_some_keeps_the_rest if {
	some f in rule.findings with input as dropping([c | some c in every_default; c != "AUDIT_WRITE"])
	f.msg == "container \"a\" drops neither ALL nor AUDIT_WRITE, which the runtime grants by default"
	count(rule.findings) == 1 with input as dropping(["NET_RAW"])
}

test_adding_net_raw_is_warning if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}}]})
	f.severity == "warning"
}
