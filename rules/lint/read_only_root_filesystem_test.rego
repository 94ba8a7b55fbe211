package poddoctor.lint.read_only_root_filesystem_test

import data.poddoctor.lint.read_only_root_filesystem as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_writable_root if {
	count(rule.findings) == 1 with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
}

test_read_only_root if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"readOnlyRootFilesystem": true}}]})
}
