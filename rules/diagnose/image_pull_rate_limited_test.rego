package poddoctor.diagnose.image_pull_rate_limited_test

import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.image_pull_rate_limited
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.testfacts_test as t

# containerd 2.0 pulling from Docker Hub anonymously (kubelet v1.31 event).
toomanyrequests := "unexpected status code https://registry-1.docker.io/v2/library/postgres/manifests/sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit"

limited(name, image) := t.container({
	"name": name, "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ErrImagePull", "message": sprintf("failed to pull and unpack image \"docker.io/library/%s\": failed to copy: httpReadSeeker: failed open: %s", [image, toomanyrequests]), "sinceSeconds": -1},
	"pullFailure": {"cause": "rate-limited", "image": image, "registry": "docker.io", "detail": toomanyrequests},
	"events": [t.event("Warning", "Failed", sprintf("Failed to pull image %q: %s", [image, toomanyrequests]), "image-pull")],
})

test_docker_hub_rate_limit if {
	findings := image_pull_rate_limited.findings with input as t.pod_with(limited("db", "postgres:16"))
	count(findings) == 1
	some f in findings
	f.msg == "the container \"db\" cannot be pulled: the registry's pull rate limit was reached for \"postgres:16\""
	f.container == "db"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (ErrImagePull)"
	some line in f.evidence
	contains(line, "toomanyrequests")
}

# A rate limit says nothing about the name: even a near miss of a known
# image is the rate limit's finding, not a typo.
test_rate_limit_wins_over_typo if {
	c := limited("cache", "rediss:7")
	count(image_pull_rate_limited.findings) == 1 with input as t.pod_with(c)
	count(image_typo.findings) == 0 with input as t.pod_with(c)
	count(image_pull_failed.findings) == 0 with input as t.pod_with(c)
}

test_one_finding_per_limited_container if {
	init := object.union(limited("wait", "busybox:1.36"), {"type": "init", "path": "spec.initContainers[0]"})
	findings := image_pull_rate_limited.findings with input as t.pod({"containers": [init, limited("db", "postgres:16")]})
	{[f.container, f.path] | some f in findings} == {["wait", "spec.initContainers[0].image"], ["db", "spec.containers[0].image"]}
	some f in findings
	f.container == "wait"
	startswith(f.msg, "the init container \"wait\"")
}

test_other_causes_are_quiet if {
	c := object.union(limited("db", "postgres:16"), {"pullFailure": {"cause": "unreachable", "detail": "dial tcp: i/o timeout"}})
	count(image_pull_rate_limited.findings) == 0 with input as t.pod_with(c)
	count(image_pull_rate_limited.findings) == 0 with input as t.pod_with(t.base_container)
}
