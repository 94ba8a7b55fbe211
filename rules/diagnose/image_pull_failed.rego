# METADATA
# title: image-pull-failed
# description: The image cannot be pulled for a reason poddoctor does not recognise; the finding quotes the container runtime's own message.
# custom:
#   id: image-pull-failed
#   severity: error
#   category: images
#   remedy: Read the runtime's message in the evidence; pulling the same image by hand on the node (crictl pull IMAGE) reproduces it.
package poddoctor.diagnose.image_pull_failed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause in {"unknown", "back-off"}
	not d.typo_suggestion(c)
	not c.state.reason in {"InvalidImageName", "ErrImageNeverPull"}
	f := {
		"msg": sprintf("the %s %q cannot pull image %q: %s", [d.kind_word(c), c.name, c.image, detail(c)]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}

detail(c) := c.pullFailure.detail if trim_space(c.pullFailure.detail) != ""

# The waiting message is empty (describe never prints it, older exports
# drop it) and no pull event with the runtime's error was captured.
detail(c) := sprintf("the runtime's error was not captured (state %s without a message, and no Failed event of the pull in the input)", [c.state.reason]) if trim_space(c.pullFailure.detail) == ""
