package poddoctor.lint.seccomp_profile_test

import data.poddoctor.lint.seccomp_profile as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unset_is_info if {
	some f in rule.findings with input as pod({"containers": [{"name": "a", "image": "a:1"}]})
	f.severity == "info"
}

test_pod_level_runtime_default if {
	count(rule.findings) == 0 with input as pod({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "a", "image": "a:1"}]})
}

test_container_unconfined_is_warning if {
	findings := rule.findings with input as pod({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "a", "image": "a:1", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]})
	count(findings) == 1
	some f in findings
	not f.severity
}

test_apparmor_counts if {
	count(rule.findings) == 0 with input as pod({"containers": [{"name": "a", "image": "a:1", "securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}}]})
}
