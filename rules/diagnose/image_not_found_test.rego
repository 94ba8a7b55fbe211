package poddoctor.diagnose.image_not_found_test

import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_pull_unauthorized
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.testfacts_test as t

# A container whose pull failed, as pkg/diagnose classifies it: the waiting
# state, the kubelet's Failed event and the classified cause.
pulling(image, reason, pull_failure, message) := t.container({
	"name": "api", "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": reason, "message": message, "sinceSeconds": -1},
	"pullFailure": object.union({"image": image}, pull_failure),
	"events": [t.event("Warning", "Failed", sprintf("Failed to pull image %q: %s", [image, message]), "image-pull")],
})

# CRI-O 1.30 with quay.io (kubelet v1.30 event "Failed to pull image").
crio_manifest_unknown := pulling("quay.io/acme/api:9.9.9", "ErrImagePull", {"cause": "not-found", "registry": "quay.io", "detail": "reading manifest 9.9.9 in quay.io/acme/api: manifest unknown"}, "reading manifest 9.9.9 in quay.io/acme/api: manifest unknown")

test_manifest_unknown if {
	findings := image_not_found.findings with input as t.pod_with(crio_manifest_unknown)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"api\" cannot be pulled: image \"quay.io/acme/api:9.9.9\" was not found in quay.io: reading manifest 9.9.9 in quay.io/acme/api: manifest unknown"
	f.container == "api"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (ErrImagePull)"
	"Warning  Failed  60s  kubelet  Failed to pull image \"quay.io/acme/api:9.9.9\": reading manifest 9.9.9 in quay.io/acme/api: manifest unknown" in f.evidence
	f.remedy == "Check that the tag exists in the repository (list the tags in the registry) and fix the image reference in the pod template."
}

# containerd 1.7: "failed to resolve reference ...: not found" for a tag
# that does not exist on ghcr.io.
test_containerd_tag_not_found_in_init_container if {
	c := object.union(pulling("ghcr.io/acme/migrate:5.1.0", "ImagePullBackOff", {"cause": "not-found", "registry": "ghcr.io", "detail": "ghcr.io/acme/migrate:5.1.0: not found"}, "Back-off pulling image \"ghcr.io/acme/migrate:5.1.0\""), {"name": "migrate", "type": "init", "path": "spec.initContainers[0]"})
	some f in image_not_found.findings with input as t.pod({"containers": [c, t.base_container]})
	f.msg == "the init container \"migrate\" cannot be pulled: image \"ghcr.io/acme/migrate:5.1.0\" was not found in ghcr.io: ghcr.io/acme/migrate:5.1.0: not found"
	f.path == "spec.initContainers[0].image"
	f.container == "migrate"
}

# Docker Hub answers a private repository without credentials like a
# missing one (containerd 1.7: "pull access denied, repository does not
# exist or may require authorization"): the remedy says both.
test_maybe_private if {
	c := pulling("acmecorp/billing:3.1", "ErrImagePull", {"cause": "not-found", "maybeAuth": true, "registry": "docker.io", "detail": "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"}, "")
	some f in image_not_found.findings with input as t.pod_with(c)
	startswith(f.remedy, "Check that the repository and the tag exist. This registry gives the same answer for a private repository")
	contains(f.msg, "was not found in docker.io: pull access denied")
}

test_no_registry_known if {
	c := pulling("internal/tool:1", "ErrImagePull", {"cause": "not-found", "detail": "not found"}, "")
	some f in image_not_found.findings with input as t.pod_with(c)
	f.msg == "the container \"api\" cannot be pulled: image \"internal/tool:1\" was not found: not found"
}

# A near miss of a known image is image-typo's finding, not this one's
# (Docker 24: "pull access denied for ngnx, repository does not exist or
# may require 'docker login'").
test_typo_is_left_to_image_typo if {
	c := pulling("ngnx:1.27", "ErrImagePull", {"cause": "not-found", "maybeAuth": true, "registry": "docker.io", "detail": "pull access denied for ngnx, repository does not exist or may require 'docker login'"}, "")
	count(image_not_found.findings) == 0 with input as t.pod_with(c)
	count(image_typo.findings) == 1 with input as t.pod_with(c)
}

test_other_causes_and_healthy_are_quiet if {
	count(image_not_found.findings) == 0 with input as t.pod_with(t.base_container)
	unauthorized := pulling("registry.acme.io/payments/ledger:3.2.0", "ImagePullBackOff", {"cause": "unauthorized", "registry": "registry.acme.io", "detail": "401 Unauthorized"}, "")
	count(image_not_found.findings) == 0 with input as t.pod_with(unauthorized)
	count(image_pull_unauthorized.findings) == 1 with input as t.pod_with(unauthorized)
}
