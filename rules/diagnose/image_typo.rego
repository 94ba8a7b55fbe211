# METADATA
# title: image-typo
# description: The image cannot be pulled and its name is a near miss of a well-known image, of an image running elsewhere in the cluster, or of one this pod pulled before, so it is almost certainly misspelled. Registries answer a misspelled Docker Hub name with "pull access denied ... may require 'docker login'", which looks like an authentication problem but is not.
# custom:
#   id: image-typo
#   severity: error
#   category: images
#   remedy: Correct the image name in the workload's pod template; the suggested image is in the message and in the machine-readable fix.
package poddoctor.diagnose.image_typo

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	s := d.typo_suggestion(c)
	f := {
		"msg": sprintf("the %s %q cannot be pulled: image %q does not exist; did you mean %q%s?", [d.kind_word(c), c.name, c.image, s.image, why(s.image)]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.typo_evidence(c),
		"remedy": remedy(c, s.image),
		"fix": {"path": sprintf("%s.image", [c.path]), "value": s.image},
	}
}

why(image) := " (which this pod pulled successfully before)" if image in d.pod.pulledImages

why(image) := "" if not image in d.pod.pulledImages

remedy(c, image) := sprintf("Correct the image in %s: %s", [d.owner_text, d.set_image_command(c, image)])

remedy(c, image) := sprintf("Correct the image of container %s in %s to %q.", [c.name, d.owner_text, image]) if not d.set_image_command(c, image)
