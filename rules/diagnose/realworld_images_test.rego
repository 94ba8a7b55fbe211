# Real-world pull failures (issue 18, classes 1 and 2): a refused anonymous
# pull is a credentials problem that may also be a missing repository, and a
# pull failure whose runtime error was never captured says so rather than
# ending on an empty colon.
package poddoctor.diagnose.realworld_images_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.image_pull_failed
import data.poddoctor.diagnose.image_pull_unauthorized
import data.poddoctor.diagnose.testfacts_test as t

waiting(image, pull) := t.container({
	"image": image,
	"state": {"name": "waiting", "reason": "ImagePullBackOff", "sinceSeconds": -1},
	"ready": false,
	"pullFailure": pull,
})

test_anonymous_token_refused_says_it_may_be_missing if {
	# containerd 1.6: "failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized"
	facts := t.pod_with(waiting("registry.acme.example/team/api:1.0", {
		"cause": "unauthorized", "anonymous": true, "image": "registry.acme.example/team/api:1.0",
		"registry": "registry.acme.example", "detail": "failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized",
	}))
	some f in image_pull_unauthorized.findings with input as facts
	contains(f.msg, "cannot tell a private repository from a missing one")
}

test_explicit_credentials_refusal_has_no_anonymous_note if {
	facts := t.pod_with(waiting("registry.acme.example/team/api:1.0", {
		"cause": "unauthorized", "image": "registry.acme.example/team/api:1.0",
		"registry": "registry.acme.example", "detail": "failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized",
	}))
	some f in image_pull_unauthorized.findings with input as facts
	not contains(f.msg, "anonymous")
}

test_pull_failure_without_captured_error_is_never_an_empty_colon if {
	facts := t.pod_with(waiting("acme/api:1.0", {"cause": "back-off", "backOff": true, "image": "acme/api:1.0", "registry": "docker.io", "detail": ""}))
	some f in image_pull_failed.findings with input as facts
	contains(f.msg, "the runtime's error was not captured (state ImagePullBackOff without a message")
	not endswith(f.msg, ": ")
}

test_empty_command_is_named_empty if {
	c := t.container({"state": {"name": "waiting", "reason": "CrashLoopBackOff", "sinceSeconds": -1}, "error": {
		"cause": "command-not-found",
		"detail": `exec: "": executable file not found in $PATH`,
	}})
	some f in command_not_found.findings with input as t.pod_with(c)
	contains(f.msg, "the command is empty")
}
