package poddoctor.diagnose.image_pull_failed_test

import data.poddoctor.diagnose.image_not_found
import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.testfacts_test as t

failing(image, reason, pull_failure, events) := t.container({
	"name": "audit", "image": image, "ready": false, "started": false,
	"state": {"name": "waiting", "reason": reason, "sinceSeconds": -1},
	"pullFailure": object.union({"image": image}, pull_failure),
	"events": events,
})

# containerd 1.7 on a full node: an error no specific rule claims, quoted
# as the runtime wrote it.
test_unrecognised_error_is_quoted if {
	detail := "failed to extract layer sha256:9f1e2d3c4b5a: write /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/412/fs/usr/lib/libLLVM.so: no space left on device: unknown"
	c := failing("acmecorp/audit:0.9.1", "ErrImagePull", {"cause": "unknown", "registry": "docker.io", "detail": detail}, [t.event("Warning", "Failed", sprintf("Failed to pull image \"acmecorp/audit:0.9.1\": %s", [detail]), "image-pull")])
	findings := image_pull_failed.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == sprintf("the container \"audit\" cannot pull image \"acmecorp/audit:0.9.1\": %s", [detail])
	f.container == "audit"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (ErrImagePull)"
	count(f.evidence) == 2
}

# Only the back-off was captured (kubectl get -o json after the Failed
# event expired: kubelet v1.29 "Back-off pulling image"): the finding says
# the runtime's error is missing instead of inventing one.
test_back_off_without_the_error if {
	c := failing("acmecorp/audit:0.9.1", "ImagePullBackOff", {"cause": "back-off", "backOff": true, "detail": ""}, [t.event("Normal", "BackOff", "Back-off pulling image \"acmecorp/audit:0.9.1\"", "image-pull")])
	some f in image_pull_failed.findings with input as t.pod_with(c)
	f.msg == "the container \"audit\" cannot pull image \"acmecorp/audit:0.9.1\": the runtime's error was not captured (state ImagePullBackOff without a message, and no Failed event of the pull in the input)"
}

test_blank_detail_counts_as_missing if {
	c := failing("acmecorp/audit:0.9.1", "ErrImagePull", {"cause": "unknown", "detail": "  "}, [])
	some f in image_pull_failed.findings with input as t.pod_with(c)
	contains(f.msg, "the runtime's error was not captured (state ErrImagePull")
}

# The fallback stays out of the way of every specific rule: a classified
# cause, a near miss (image-typo), or the kubelet's own refusals.
test_specific_causes_are_quiet if {
	not_found := failing("quay.io/acme/api:9.9.9", "ErrImagePull", {"cause": "not-found", "registry": "quay.io", "detail": "manifest unknown"}, [])
	count(image_pull_failed.findings) == 0 with input as t.pod_with(not_found)
	count(image_not_found.findings) == 1 with input as t.pod_with(not_found)
	typo := failing("ngnx:1.27", "ErrImagePull", {"cause": "unknown", "detail": "x"}, [])
	count(image_pull_failed.findings) == 0 with input as t.pod_with(typo)
	invalid := failing("acme/app:1", "InvalidImageName", {"cause": "unknown", "detail": "x"}, [])
	count(image_pull_failed.findings) == 0 with input as t.pod_with(invalid)
	never := failing("acme/app:1", "ErrImageNeverPull", {"cause": "unknown", "detail": "x"}, [])
	count(image_pull_failed.findings) == 0 with input as t.pod_with(never)
	count(image_pull_failed.findings) == 0 with input as t.pod_with(t.base_container)
}
