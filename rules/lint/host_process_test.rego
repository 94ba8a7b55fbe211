package poddoctor.lint.host_process_test

import data.poddoctor.lint.host_process as rule

test_host_process if {
	count(rule.findings) == 1 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"securityContext": {"windowsOptions": {"hostProcess": true}}, "hostNetwork": true, "containers": [{"name": "a", "image": "a:1"}]}}
	count(rule.findings) == 0 with input as {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1"}]}}
}
