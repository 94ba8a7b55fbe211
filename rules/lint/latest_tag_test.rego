package poddoctor.lint.latest_tag_test

import data.poddoctor.lint.latest_tag

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_explicit_latest if {
	some f in latest_tag.findings with input as pod("nginx:latest")
	f.path == "spec.containers[0].image"
	f.container == "app"
	contains(f.msg, "mutable tag")
	f.remedy == "Pin nginx to a version tag (nginx:<version>) or, better, a digest (nginx@sha256:<digest>), and update it deliberately."
}

test_untagged if {
	some f in latest_tag.findings with input as pod("nginx")
	contains(f.msg, "has no tag")
}

test_pinned_tag_is_quiet if {
	count(latest_tag.findings) == 0 with input as pod("nginx:1.27.3")
}

test_digest_is_quiet if {
	count(latest_tag.findings) == 0 with input as pod("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")
}

test_deployment_init_container if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "init", "image": "busybox:latest"}],
		"containers": [{"name": "app", "image": "nginx:1.27"}],
	}}}}
	paths := {f.path | some f in latest_tag.findings with input as d}
	paths == {"spec.template.spec.initContainers[0].image"}
}

# Broken shapes are unknown-field and invalid-manifest findings, not policy
# errors: the helpers must not fail on them.
test_wrong_shapes_are_tolerated if {
	count(latest_tag.findings) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": null}
	count(latest_tag.findings) == 0 with input as {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": "nginx"}}
	count(latest_tag.findings) == 1 with input as pod("nginx") with input.spec.containers as ["not-a-container", {"name": "a", "image": "nginx"}]
}
