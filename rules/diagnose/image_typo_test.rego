package poddoctor.diagnose.image_typo_test

import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_pull_unauthorized
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.testfacts_test as t

# dockerd 24 (cri-dockerd): a misspelled Docker Hub name is answered as if
# it were private.
docker_denied := "pull access denied for ngnx, repository does not exist or may require 'docker login'"

failing(name, image, pull_failure) := t.container({
	"name": name, "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ErrImagePull", "message": sprintf("rpc error: code = Unknown desc = Error response from daemon: %s", [pull_failure.detail]), "sinceSeconds": -1},
	"pullFailure": object.union({"image": image, "registry": "docker.io"}, pull_failure),
	"events": [
		t.event("Warning", "Failed", sprintf("Failed to pull image %q: rpc error: code = Unknown desc = Error response from daemon: %s", [image, pull_failure.detail]), "image-pull"),
		t.event("Normal", "Pulled", "Successfully pulled image \"busybox:1.36\" in 1.2s (1.2s including waiting)", "pulled"),
	],
})

test_misspelled_official_image if {
	c := failing("web", "ngnx:1.27", {"cause": "not-found", "maybeAuth": true, "detail": docker_denied})
	findings := image_typo.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"web\" cannot be pulled: image \"ngnx:1.27\" does not exist; did you mean \"nginx:1.27\"?"
	f.container == "web"
	f.path == "spec.containers[0].image"
	f.fix == {"path": "spec.containers[0].image", "value": "nginx:1.27"}
	f.remedy == "Correct the image in Deployment shop/web: kubectl set image -n shop deployment/web web=nginx:1.27"
	# the images this pod pulled are evidence of what was meant
	"Normal  Pulled  60s  kubelet  Successfully pulled image \"busybox:1.36\" in 1.2s (1.2s including waiting)" in f.evidence
}

test_pulled_before_is_said if {
	c := failing("web", "ngnx:1.27", {"cause": "not-found", "maybeAuth": true, "detail": docker_denied})
	some f in image_typo.findings with input as t.pod({"containers": [c], "pulledImages": ["nginx:1.27"]})
	endswith(f.msg, "did you mean \"nginx:1.27\" (which this pod pulled successfully before)?")
}

# containerd 1.7 says "insufficient_scope: authorization failed" for the
# same near miss, classified unauthorized: still a typo, and only a typo.
test_unauthorized_near_miss if {
	c := failing("cache", "redsi:7", {"cause": "unauthorized", "detail": "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"})
	some f in image_typo.findings with input as t.pod_with(c)
	f.fix.value == "redis:7"
	count(image_pull_unauthorized.findings) == 0 with input as t.pod_with(c)
	count(image_not_found.findings) == 0 with input as t.pod_with(c)
}

# A bare pod has no controller to patch: the remedy names the pod.
test_bare_pod_remedy if {
	c := failing("web", "ngnx:1.27", {"cause": "not-found", "detail": docker_denied})
	facts := t.pod({"containers": [c], "owner": null})
	bare := json.remove(facts, ["pod/owner"])
	some f in image_typo.findings with input as bare
	f.remedy == "Correct the image in pod shop/web-1: kubectl set image -n shop pod/web-1 web=nginx:1.27"
}

# Causes that say nothing about the name never make a typo guess, even for
# a near miss: a rate limit, an unreachable registry, a platform mismatch.
test_no_guess_when_the_cause_is_not_the_name if {
	every cause in ["rate-limited", "unreachable", "tls", "platform-mismatch", "never-pull", "invalid-name"] {
		count(image_typo.findings) == 0 with input as t.pod_with(failing("web", "ngnx:1.27", {"cause": cause, "detail": "x"}))
	}
}

# A name that is no near miss of anything known is not a typo.
test_unknown_private_image_is_not_a_typo if {
	c := failing("api", "acmecorp/ledger-service:2.3.0", {"cause": "not-found", "maybeAuth": true, "detail": "pull access denied for acmecorp/ledger-service"})
	count(image_typo.findings) == 0 with input as t.pod_with(c)
	count(image_typo.findings) == 0 with input as t.pod_with(t.base_container)
}
