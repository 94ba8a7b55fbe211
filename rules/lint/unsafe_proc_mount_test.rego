package poddoctor.lint.unsafe_proc_mount_test

import data.poddoctor.lint.unsafe_proc_mount as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unmasked if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"procMount": "Unmasked"}}]})
}

test_default_and_user_namespace if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"procMount": "Default"}}]})
	count(rule.findings) == 0 with input as pod({"hostUsers": false, "containers": [{"name": "a", "image": "a:1", "securityContext": {"procMount": "Unmasked"}}]})
}

test_unknown_value if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"procMount": "Other"}}]})
}
