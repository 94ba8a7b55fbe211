package poddoctor.diagnose.invalid_image_name_test

import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.image_typo
import data.poddoctor.diagnose.invalid_image_name
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.30 (images/image_manager.go): "Failed to apply default image
# tag %q: couldn't parse image reference %q: %v", distribution/reference's
# "invalid reference format: repository name must be lowercase".
parse_message := "Failed to apply default image tag \"Nginx:1.25\": couldn't parse image reference \"Nginx:1.25\": invalid reference format: repository name must be lowercase"

invalid(pull_failure) := t.container({
	"name": "proxy", "image": "Nginx:1.25", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "InvalidImageName", "message": parse_message, "sinceSeconds": -1},
	"pullFailure": pull_failure,
	"events": [
		t.event("Warning", "Failed", "Error: InvalidImageName", "image-pull"),
		t.event("Warning", "InspectFailed", parse_message, "image-pull"),
	],
})

test_upper_case_repository if {
	c := invalid({"cause": "invalid-name", "image": "Nginx:1.25", "registry": "docker.io", "detail": "invalid reference format: repository name must be lowercase"})
	findings := invalid_image_name.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"proxy\" cannot start: the image reference \"Nginx:1.25\" is invalid: invalid reference format: repository name must be lowercase"
	f.container == "proxy"
	f.path == "spec.containers[0].image"
	f.evidence[0] == "State: Waiting (InvalidImageName)"
	sprintf("Warning  InspectFailed  60s  kubelet  %s", [parse_message]) in f.evidence
}

# Without a classified detail the kubelet's waiting message is quoted.
test_waiting_message_when_no_detail if {
	c := json.remove(invalid({}), ["pullFailure"])
	some f in invalid_image_name.findings with input as t.pod_with(c)
	f.msg == sprintf("the container \"proxy\" cannot start: the image reference \"Nginx:1.25\" is invalid: %s", [parse_message])
}

# "Nginx" is a near miss of "nginx", but the kubelet never asked a registry:
# no typo guess, and no unrecognised-pull finding.
test_no_typo_and_no_fallback if {
	c := invalid({"cause": "invalid-name", "image": "Nginx:1.25", "detail": "invalid reference format: repository name must be lowercase"})
	count(image_typo.findings) == 0 with input as t.pod_with(c)
	count(image_pull_failed.findings) == 0 with input as t.pod_with(c)
}

test_valid_names_are_quiet if {
	c := t.container({"image": "acme/app:1", "state": {"name": "waiting", "reason": "ErrImagePull", "sinceSeconds": -1}, "pullFailure": {"cause": "not-found", "image": "acme/app:1", "detail": "not found"}})
	count(invalid_image_name.findings) == 0 with input as t.pod_with(c)
	count(invalid_image_name.findings) == 0 with input as t.pod_with(t.base_container)
}
