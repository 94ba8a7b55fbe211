package poddoctor.lint.duplicate_container_name_test

import data.poddoctor.lint.duplicate_container_name

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}}}

# The API server says: spec.template.spec.containers[1].name: Duplicate
# value: "web" (k8s.io/kubernetes pkg/apis/core/validation).
test_two_app_containers if {
	findings := duplicate_container_name.findings with input as deployment({"containers": [
		{"name": "web", "image": "nginx:1.27"},
		{"name": "web", "image": "nginx:1.27-alpine"},
	]})
	count(findings) == 1
	some f in findings
	f.msg == "container name \"web\" is already used by spec.template.spec.containers[0]"
	f.path == "spec.template.spec.containers[1].name"
	f.container == "web"
}

# Init containers share the name space with app containers, and the later
# one in pod order (init, app, ephemeral) is the duplicate.
test_init_and_app_share_names if {
	findings := duplicate_container_name.findings with input as deployment({
		"initContainers": [{"name": "migrate", "image": "app:1"}],
		"containers": [{"name": "app", "image": "app:1"}, {"name": "migrate", "image": "app:1"}],
	})
	{[f.path, f.msg] | some f in findings} == {["spec.template.spec.containers[1].name", "container name \"migrate\" is already used by spec.template.spec.initContainers[0]"]}
}

test_ephemeral_duplicate if {
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
		"containers": [{"name": "app", "image": "app:1"}],
		"ephemeralContainers": [{"name": "app", "image": "busybox:1.36"}],
	}}
	{f.path | some f in duplicate_container_name.findings with input as pod} == {"spec.ephemeralContainers[0].name"}
}

# Three of one name: the second and third each point back at the first
# or second, never at themselves or at a later one.
test_three_of_a_name if {
	findings := duplicate_container_name.findings with input as deployment({"containers": [
		{"name": "a", "image": "a:1"}, {"name": "a", "image": "a:1"}, {"name": "a", "image": "a:1"},
	]})
	paths := {f.path | some f in findings}
	paths == {"spec.template.spec.containers[1].name", "spec.template.spec.containers[2].name"}
	every f in findings {
		not endswith(f.msg, "containers[2]")
	}
}

test_unique_names_are_quiet if {
	count(duplicate_container_name.findings) == 0 with input as deployment({
		"initContainers": [{"name": "init", "image": "a:1"}],
		"containers": [{"name": "web", "image": "nginx:1.27"}, {"name": "web-exporter", "image": "nginx/nginx-prometheus-exporter:1.3"}],
	})
}

# Same name in two different pods of the input is fine: each object is
# linted on its own.
test_single_container_is_quiet if {
	count(duplicate_container_name.findings) == 0 with input as deployment({"containers": [{"name": "web", "image": "nginx:1.27"}]})
}
