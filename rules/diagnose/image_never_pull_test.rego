package poddoctor.diagnose.image_never_pull_test

import data.poddoctor.diagnose.image_never_pull
import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.30 (images/image_manager.go): "Container image %q is not
# present with pull policy of Never", as the waiting message and as an
# ErrImageNeverPull event.
never_message := "Container image \"acme/batch-tool:dev\" is not present with pull policy of Never"

never(pull_failure) := t.container({
	"name": "tool", "image": "acme/batch-tool:dev", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "ErrImageNeverPull", "message": never_message, "sinceSeconds": -1},
	"pullFailure": pull_failure,
	"events": [
		t.event("Warning", "Failed", "Error: ErrImageNeverPull", "image-pull"),
		t.event("Warning", "ErrImageNeverPull", never_message, "image-pull"),
	],
})

test_not_on_node if {
	c := never({"cause": "never-pull", "image": "acme/batch-tool:dev", "registry": "docker.io", "detail": never_message})
	findings := image_never_pull.findings with input as t.pod({"containers": [c], "nodeName": "worker-3"})
	count(findings) == 1
	some f in findings
	f.msg == "the container \"tool\" cannot start: image \"acme/batch-tool:dev\" is not on node worker-3 and imagePullPolicy is Never"
	f.container == "tool"
	f.path == "spec.containers[0].imagePullPolicy"
	f.evidence == [
		"State: Waiting (ErrImageNeverPull)",
		"Warning  Failed  60s  kubelet  Error: ErrImageNeverPull",
		sprintf("Warning  ErrImageNeverPull  60s  kubelet  %s", [never_message]),
	]
	# not also reported as an unrecognised pull failure
	count(image_pull_failed.findings) == 0 with input as t.pod_with(c)
}

# The waiting reason alone is enough (no classified pull failure), and the
# cause alone too (the state moved on to a back-off).
test_reason_or_cause_alone if {
	without_cause := json.remove(never({}), ["pullFailure"])
	count(image_never_pull.findings) == 1 with input as t.pod_with(without_cause)
	backed_off := object.union(never({"cause": "never-pull", "image": "acme/batch-tool:dev", "detail": never_message}), {"state": {"reason": "ImagePullBackOff", "message": ""}})
	count(image_never_pull.findings) == 1 with input as t.pod_with(backed_off)
}

test_unknown_node_is_a_question_mark if {
	c := never({"cause": "never-pull"})
	facts := json.remove(t.pod_with(c), ["pod/nodeName"])
	some f in image_never_pull.findings with input as facts
	contains(f.msg, "is not on node ? and")
}

test_other_pull_failures_are_quiet if {
	c := t.container({"image": "acme/app:1", "state": {"name": "waiting", "reason": "ErrImagePull", "sinceSeconds": -1}, "pullFailure": {"cause": "not-found", "image": "acme/app:1", "detail": "not found"}})
	count(image_never_pull.findings) == 0 with input as t.pod_with(c)
	count(image_never_pull.findings) == 0 with input as t.pod_with(t.base_container)
}
