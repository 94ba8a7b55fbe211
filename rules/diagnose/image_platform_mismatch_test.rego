package poddoctor.diagnose.image_platform_mismatch_test

import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_platform_mismatch
import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.testfacts_test as t

# containerd 1.7 on an arm64 node pulling an amd64-only image: "no match
# for platform in manifest: not found" (kubelet v1.29 "Failed to pull image").
platform_detail := "no match for platform in manifest: not found"

failing(cause) := t.container({
	"name": "report", "image": "acme/report-legacy:1.0", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ImagePullBackOff", "message": "Back-off pulling image \"acme/report-legacy:1.0\"", "sinceSeconds": -1},
	"pullFailure": {"cause": cause, "image": "acme/report-legacy:1.0", "registry": "docker.io", "detail": platform_detail},
	"events": [t.event("Warning", "Failed", sprintf("Failed to pull image \"acme/report-legacy:1.0\": failed to pull and unpack image \"docker.io/acme/report-legacy:1.0\": %s", [platform_detail]), "image-pull")],
})

test_no_variant_for_the_node if {
	findings := image_platform_mismatch.findings with input as t.pod_with(failing("platform-mismatch"))
	count(findings) == 1
	some f in findings
	f.msg == "the container \"report\" cannot be pulled: image \"acme/report-legacy:1.0\" has no variant for the node's platform: no match for platform in manifest: not found"
	f.container == "report"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (ImagePullBackOff)"
	count(f.evidence) == 2
}

# The message ends in "not found", but the image exists: not image-not-found,
# and not the fallback either.
test_not_reported_as_missing if {
	count(image_not_found.findings) == 0 with input as t.pod_with(failing("platform-mismatch"))
	count(image_pull_failed.findings) == 0 with input as t.pod_with(failing("platform-mismatch"))
}

test_other_causes_are_quiet if {
	count(image_platform_mismatch.findings) == 0 with input as t.pod_with(failing("not-found"))
	count(image_platform_mismatch.findings) == 0 with input as t.pod_with(t.base_container)
}
