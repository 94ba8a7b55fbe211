# METADATA
# title: image-platform-mismatch
# description: The image has no variant for the node's platform (for example an amd64-only image on an arm64 node).
# custom:
#   id: image-platform-mismatch
#   severity: error
#   category: images
#   remedy: Build and push a multi-platform image (docker buildx build --platform linux/amd64,linux/arm64), or schedule the pod on nodes of the image's platform with a nodeSelector on kubernetes.io/arch.
package poddoctor.diagnose.image_platform_mismatch

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause == "platform-mismatch"
	f := {
		"msg": sprintf("the %s %q cannot be pulled: image %q has no variant for the node's platform: %s", [d.kind_word(c), c.name, c.image, c.pullFailure.detail]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}
