# METADATA
# title: invalid-image-name
# description: The kubelet refused the image reference itself (InvalidImageName), for upper-case letters, spaces, or a malformed tag or digest.
# custom:
#   id: invalid-image-name
#   severity: error
#   category: images
#   remedy: Write the image as [registry/]repository[:tag][@digest] in lower case; `poddoctor lint` catches this before apply.
package poddoctor.diagnose.invalid_image_name

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	invalid(c)
	f := {
		"msg": sprintf("the %s %q cannot start: the image reference %q is invalid: %s", [d.kind_word(c), c.name, c.image, detail(c)]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}

invalid(c) if c.state.reason == "InvalidImageName"

invalid(c) if c.pullFailure.cause == "invalid-name"

detail(c) := c.pullFailure.detail if c.pullFailure.detail

detail(c) := c.state.message if not c.pullFailure.detail
