package poddoctor.lint.duplicate_env_var_test

import data.poddoctor.lint.duplicate_env_var

deployment(containers) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {"template": {"spec": {"containers": containers}}}}

test_plain_duplicate if {
	findings := duplicate_env_var.findings with input as deployment([{"name": "api", "image": "api:2", "env": [
		{"name": "LOG_LEVEL", "value": "info"},
		{"name": "PORT", "value": "8080"},
		{"name": "LOG_LEVEL", "value": "debug"},
	]}])
	count(findings) == 1
	some f in findings
	f.msg == "container \"api\" defines LOG_LEVEL again (first at env[0]); the last definition wins"
	f.path == "spec.template.spec.containers[0].env[2].name"
	f.container == "api"
}

# A literal and a reference of one name are the same variable to the
# kubelet; the later one wins.
test_value_and_value_from if {
	findings := duplicate_env_var.findings with input as deployment([{"name": "api", "image": "api:2", "env": [
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "DB_PASSWORD", "value": "changeme"},
	]}])
	{f.path | some f in findings} == {"spec.template.spec.containers[0].env[1].name"}
}

test_three_definitions if {
	findings := duplicate_env_var.findings with input as deployment([{"name": "api", "image": "api:2", "env": [
		{"name": "A", "value": "1"}, {"name": "A", "value": "2"}, {"name": "A", "value": "3"},
	]}])
	{f.path | some f in findings} == {"spec.template.spec.containers[0].env[1].name", "spec.template.spec.containers[0].env[2].name"}
}

# Names are case-sensitive, and the same name in two containers is two
# variables.
test_near_misses_are_quiet if {
	count(duplicate_env_var.findings) == 0 with input as deployment([
		{"name": "api", "image": "api:2", "env": [{"name": "PORT", "value": "8080"}, {"name": "port", "value": "8080"}]},
		{"name": "worker", "image": "api:2", "env": [{"name": "PORT", "value": "9090"}]},
	])
}

# envFrom keys that env overrides are how ConfigMap defaults are meant to be
# overridden, not a duplicate.
test_env_overriding_env_from_is_quiet if {
	count(duplicate_env_var.findings) == 0 with input as deployment([{"name": "api", "image": "api:2",
		"envFrom": [{"configMapRef": {"name": "api-defaults"}}],
		"env": [{"name": "LOG_LEVEL", "value": "debug"}],
	}])
}

test_init_container if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "migrate", "image": "api:2", "env": [{"name": "X", "value": "1"}, {"name": "X", "value": "2"}]}],
		"containers": [{"name": "api", "image": "api:2"}],
	}}}}
	{[f.container, f.path] | some f in duplicate_env_var.findings with input as d} == {["migrate", "spec.template.spec.initContainers[0].env[1].name"]}
}
