package poddoctor.lint.allowed_registries_test

import data.poddoctor.lint.allowed_registries as rule

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

params := {"allowed-registries": {"registries": ["registry.acme.example", "docker.io/library"]}}

test_unlisted_registry if {
	some f in rule.findings with input as pod("ghcr.io/someone/tool:1.0") with data.poddoctor.params as params
	f.msg == "image \"ghcr.io/someone/tool:1.0\" comes from ghcr.io, which is not an allowed registry (registry.acme.example, docker.io/library)"
}

test_allowed_host_and_prefix if {
	count(rule.findings) == 0 with input as pod("registry.acme.example/team/api:2.0") with data.poddoctor.params as params
	count(rule.findings) == 0 with input as pod("nginx:1.27") with data.poddoctor.params as params
}

test_prefix_is_not_a_host_match if {
	count(rule.findings) == 1 with input as pod("bitnami/redis:7.2") with data.poddoctor.params as params
	count(rule.findings) == 1 with input as pod("registry.acme.example.evil.com/x:1") with data.poddoctor.params as params
}

test_unconfigured_rule_is_quiet if {
	count(rule.findings) == 0 with input as pod("ghcr.io/someone/tool:1.0") with data.poddoctor.params as {}
}
