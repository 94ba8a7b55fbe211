# METADATA
# title: image-not-found
# description: The registry says the image's repository or tag does not exist (manifest unknown, not found, or a denial that registries also give for missing repositories).
# custom:
#   id: image-not-found
#   severity: error
#   category: images
#   remedy: Check the repository and tag exist (for example with `crane ls REPOSITORY` or the registry's web page); if the repository is private, add an imagePullSecret to the pod or its ServiceAccount.
package poddoctor.diagnose.image_not_found

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause == "not-found"
	not d.typo_suggestion(c)
	f := {
		"msg": sprintf("the %s %q cannot be pulled: image %q was not found%s: %s", [d.kind_word(c), c.name, c.image, registry(c), c.pullFailure.detail]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
		"remedy": remedy(c),
	}
}

registry(c) := sprintf(" in %s", [c.pullFailure.registry]) if c.pullFailure.registry

registry(c) := "" if not c.pullFailure.registry

remedy(c) := "Check that the repository and the tag exist. This registry gives the same answer for a private repository without credentials: if the image is private, add an imagePullSecret to the pod or its ServiceAccount." if c.pullFailure.maybeAuth

remedy(c) := "Check that the tag exists in the repository (list the tags in the registry) and fix the image reference in the pod template." if not c.pullFailure.maybeAuth
