package poddoctor.diagnose.image_registry_unreachable_test

import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.image_registry_unreachable
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.testfacts_test as t

failing(image, pull_failure) := t.container({
	"name": "web", "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ImagePullBackOff", "message": sprintf("Back-off pulling image %q", [image]), "sinceSeconds": -1},
	"pullFailure": object.union({"image": image}, pull_failure),
	"events": [t.event("Warning", "Failed", sprintf("Failed to pull image %q: %s", [image, pull_failure.detail]), "image-pull")],
})

# containerd 1.7 on a node whose resolver does not know the host.
test_dns_failure if {
	c := failing("registry.internal.acme.io/shop/web:2.4.0", {"cause": "unreachable", "registry": "registry.internal.acme.io", "detail": "dial tcp: lookup registry.internal.acme.io on 127.0.0.53:53: no such host"})
	findings := image_registry_unreachable.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"web\" cannot be pulled: the registry registry.internal.acme.io cannot be reached: dial tcp: lookup registry.internal.acme.io on 127.0.0.53:53: no such host"
	f.container == "web"
	f.path == "spec.containers[0].image"
	startswith(f.remedy, "Check the registry host in the image name, then the node's DNS")
	f.evidence[0] == "State: Waiting (ImagePullBackOff)"
}

# containerd 1.7 with a self-signed Harbor: Go's x509 wording.
test_untrusted_certificate if {
	c := failing("harbor.corp.example/platform/gateway:1.8.2", {"cause": "tls", "registry": "harbor.corp.example", "detail": "tls: failed to verify certificate: x509: certificate signed by unknown authority"})
	some f in image_registry_unreachable.findings with input as t.pod_with(c)
	f.msg == "the container \"web\" cannot be pulled: the registry harbor.corp.example presents a certificate the node does not trust: tls: failed to verify certificate: x509: certificate signed by unknown authority"
	contains(f.remedy, "certs.d/HOST/hosts.toml")
}

test_registry_unknown_names_the_image if {
	c := failing("10.0.0.5:5000/tools/ci:1", {"cause": "unreachable", "detail": "dial tcp 10.0.0.5:5000: connect: connection refused"})
	some f in image_registry_unreachable.findings with input as t.pod_with(c)
	f.msg == "the container \"web\" cannot be pulled: the registry of \"10.0.0.5:5000/tools/ci:1\" cannot be reached: dial tcp 10.0.0.5:5000: connect: connection refused"
}

# An unreachable registry says nothing about the name: no typo guess, and
# not the generic pull failure either.
test_no_typo_guess_when_unreachable if {
	c := failing("ngnx:1.27", {"cause": "unreachable", "registry": "docker.io", "detail": "dial tcp 104.18.42.1:443: i/o timeout"})
	count(image_registry_unreachable.findings) == 1 with input as t.pod_with(c)
	count(image_typo.findings) == 0 with input as t.pod_with(c)
	count(image_pull_failed.findings) == 0 with input as t.pod_with(c)
}

test_other_causes_are_quiet if {
	c := failing("quay.io/acme/api:9.9.9", {"cause": "not-found", "registry": "quay.io", "detail": "manifest unknown"})
	count(image_registry_unreachable.findings) == 0 with input as t.pod_with(c)
	count(image_registry_unreachable.findings) == 0 with input as t.pod_with(t.base_container)
}
