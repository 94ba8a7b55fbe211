# METADATA
# title: image-typo
# description: The image name is a near miss of a well-known image (or of a name the team listed), which usually means a typo that will fail to pull (ErrImagePull) at deploy time.
# custom:
#   id: image-typo
#   severity: warning
#   category: images
#   remedy: Correct the image name; poddoctor's suggestion is in the message and in the machine-readable fix.
package poddoctor.lint.image_typo

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	suggestion := poddoctor.image.suggest(c.spec.image)
	path := sprintf("%s.image", [c.path])
	f := {
		"msg": sprintf("image %q looks misspelled: did you mean %q?", [c.spec.image, suggestion.image]),
		"path": path,
		"container": c.name,
		"fix": {"path": path, "value": suggestion.image},
	}
}
