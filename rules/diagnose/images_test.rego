package poddoctor.diagnose.images_test

import data.poddoctor.diagnose.image_never_pull
import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_platform_mismatch
import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.image_pull_rate_limited
import data.poddoctor.diagnose.image_pull_unauthorized
import data.poddoctor.diagnose.image_registry_unreachable
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.invalid_image_name
import data.poddoctor.diagnose.testfacts_test as t

failing(image, cause, extra) := t.container(object.union({
	"image": image,
	"state": {"name": "waiting", "reason": "ImagePullBackOff", "message": sprintf("Back-off pulling image %q", [image]), "sinceSeconds": -1},
	"ready": false,
	"pullFailure": {"cause": cause, "image": image, "registry": "docker.io", "detail": "details"},
}, extra))

test_typo_seed_case if {
	c := failing("ngnx:latest", "not-found", {"pullFailure": {"cause": "not-found", "maybeAuth": true, "image": "ngnx:latest", "registry": "docker.io", "detail": "pull access denied for ngnx, repository does not exist or may require 'docker login'"}})
	facts := t.pod({"containers": [c], "pulledImages": ["nginx:latest"]})
	some f in image_typo.findings with input as facts
	f.msg == "the container \"web\" cannot be pulled: image \"ngnx:latest\" does not exist; did you mean \"nginx:latest\" (which this pod pulled successfully before)?"
	f.fix == {"path": "spec.containers[0].image", "value": "nginx:latest"}
	contains(f.remedy, "kubectl set image -n shop deployment/web web=nginx:latest")

	# the same pull failure is not also reported as not-found or unauthorized
	count(image_not_found.findings) == 0 with input as facts
	count(image_pull_unauthorized.findings) == 0 with input as facts
}

test_typo_even_when_registry_says_unauthorized if {
	facts := t.pod_with(failing("redsi:7", "unauthorized", {}))
	some f in image_typo.findings with input as facts
	f.fix.value == "redis:7"
	count(image_pull_unauthorized.findings) == 0 with input as facts
}

test_not_found_without_near_miss if {
	facts := t.pod_with(failing("acme/payments:9.9.9", "not-found", {}))
	count(image_typo.findings) == 0 with input as facts
	some f in image_not_found.findings with input as facts
	contains(f.msg, "was not found in docker.io")
}

test_unauthorized_private if {
	facts := t.pod_with(failing("registry.acme.example/team/api:1.0", "unauthorized", {}))
	some f in image_pull_unauthorized.findings with input as facts
	f.container == "web"
}

test_rate_limited_wins_over_typo if {
	facts := t.pod_with(failing("ngnx:1.27", "rate-limited", {}))
	count(image_typo.findings) == 0 with input as facts
	count(image_pull_rate_limited.findings) == 1 with input as facts
}

test_unreachable_and_tls if {
	count(image_registry_unreachable.findings) == 1 with input as t.pod_with(failing("registry.example.com/app:1", "unreachable", {}))
	some f in image_registry_unreachable.findings with input as t.pod_with(failing("registry.example.com/app:1", "tls", {}))
	contains(f.remedy, "CA")
}

test_platform if {
	count(image_platform_mismatch.findings) == 1 with input as t.pod_with(failing("acme/amd64-only:1", "platform-mismatch", {}))
}

test_invalid_name if {
	c := t.container({"image": "Nginx:1.27", "state": {"name": "waiting", "reason": "InvalidImageName", "message": "Failed to apply default image tag \"Nginx:1.27\": couldn't parse image reference", "sinceSeconds": -1}})
	some f in invalid_image_name.findings with input as t.pod_with(c)
	contains(f.msg, "couldn't parse image reference")
}

test_never_pull if {
	c := t.container({"image": "local/app:dev", "state": {"name": "waiting", "reason": "ErrImageNeverPull", "sinceSeconds": -1}})
	some f in image_never_pull.findings with input as t.pod_with(c)
	f.path == "spec.containers[0].imagePullPolicy"
}

test_fallback_quotes_runtime if {
	facts := t.pod_with(failing("acme/app:1", "unknown", {"pullFailure": {"cause": "unknown", "image": "acme/app:1", "detail": "failed to extract layer: no space left on device"}}))
	some f in image_pull_failed.findings with input as facts
	contains(f.msg, "no space left on device")
}

test_healthy_container_is_quiet if {
	facts := t.pod_with(t.base_container)
	count(image_typo.findings) == 0 with input as facts
	count(image_not_found.findings) == 0 with input as facts
	count(image_pull_failed.findings) == 0 with input as facts
}
