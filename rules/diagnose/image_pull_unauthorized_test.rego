package poddoctor.diagnose.image_pull_unauthorized_test

import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_pull_unauthorized
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.testfacts_test as t

pulling(image, pull_failure) := t.container({
	"name": "ledger", "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ImagePullBackOff", "message": sprintf("Back-off pulling image %q", [image]), "sinceSeconds": -1},
	"pullFailure": object.union({"image": image}, pull_failure),
	"events": [
		t.event("Warning", "Failed", sprintf("Failed to pull image %q: %s", [image, pull_failure.detail]), "image-pull"),
		t.event("Normal", "BackOff", sprintf("Back-off pulling image %q", [image]), "image-pull"),
	],
})

# containerd 2.0 against Harbor: the token endpoint refuses the pull secret.
harbor := pulling("registry.acme.io/payments/ledger:3.2.0", {
	"cause": "unauthorized", "registry": "registry.acme.io",
	"detail": "failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://registry.acme.io/service/token?scope=repository%3Apayments%2Fledger%3Apull&service=harbor-registry: 401 Unauthorized",
})

test_credentials_refused if {
	findings := image_pull_unauthorized.findings with input as t.pod_with(harbor)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"ledger\" cannot be pulled: the registry registry.acme.io refused the credentials for \"registry.acme.io/payments/ledger:3.2.0\": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://registry.acme.io/service/token?scope=repository%3Apayments%2Fledger%3Apull&service=harbor-registry: 401 Unauthorized"
	f.container == "ledger"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (ImagePullBackOff)"
	count(f.evidence) == 3
}

# containerd 1.7 pulling anonymously ("failed to fetch anonymous token"):
# the registry cannot tell a private repository from a missing one.
test_anonymous_pull if {
	c := pulling("harbor.acme.example/finance/reports:1.4", {"cause": "unauthorized", "anonymous": true, "registry": "harbor.acme.example", "detail": "failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized"})
	some f in image_pull_unauthorized.findings with input as t.pod_with(c)
	endswith(f.msg, "401 Unauthorized; the pull was anonymous (no credentials were sent), and a registry answering an anonymous pull cannot tell a private repository from a missing one, so check the image name as well")
}

# Docker Hub with a wrong password in the pull secret (dockerd: "unauthorized:
# incorrect username or password"); no registry in the facts.
test_without_registry if {
	c := pulling("acmecorp/ledger-service:2.3.0", {"cause": "unauthorized", "detail": "unauthorized: incorrect username or password"})
	some f in image_pull_unauthorized.findings with input as t.pod_with(c)
	f.msg == "the container \"ledger\" cannot be pulled: the registry refused the credentials for \"acmecorp/ledger-service:2.3.0\": unauthorized: incorrect username or password"
}

# A misspelled public image also gets "unauthorized" from Docker Hub: the
# typo finding explains it and this one stays quiet.
test_typo_wins if {
	c := pulling("redsi:7", {"cause": "unauthorized", "registry": "docker.io", "detail": "pull access denied, repository does not exist or may require authorization"})
	count(image_pull_unauthorized.findings) == 0 with input as t.pod_with(c)
	count(image_typo.findings) == 1 with input as t.pod_with(c)
}

test_other_causes_are_quiet if {
	c := pulling("quay.io/acme/api:9.9.9", {"cause": "not-found", "registry": "quay.io", "detail": "manifest unknown"})
	count(image_pull_unauthorized.findings) == 0 with input as t.pod_with(c)
	count(image_not_found.findings) == 1 with input as t.pod_with(c)
	count(image_pull_unauthorized.findings) == 0 with input as t.pod_with(t.base_container)
}
