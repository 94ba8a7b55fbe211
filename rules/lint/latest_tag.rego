# METADATA
# title: latest-tag
# description: The image uses the tag "latest", or no tag at all (which means latest), so what runs can change without any change to the manifest and a rollback may not roll back.
# custom:
#   id: latest-tag
#   severity: warning
#   category: images
#   remedy: Pin the image to a version tag (nginx:1.27.3) or, better, to a digest (nginx@sha256:...), and update it deliberately.
#   peers: [kube-linter:latest-tag, kube-score:container-image-tag, polaris:tagNotSpecified]
package poddoctor.lint.latest_tag

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	ref := poddoctor.image.parse(c.spec.image)
	ref.valid
	ref.latest
	f := {
		"msg": message(c.spec.image, ref),
		"path": sprintf("%s.image", [c.path]),
		"container": c.name,
		"remedy": sprintf("Pin %s to a version tag (%s:<version>) or, better, a digest (%s@sha256:<digest>), and update it deliberately.", [ref.repository, ref.repository, ref.repository]),
	}
}

message(image, ref) := sprintf("image %q uses the mutable tag \"latest\"", [image]) if not ref.untagged

message(image, ref) := sprintf("image %q has no tag, so it runs whatever \"latest\" points to at pull time", [image]) if ref.untagged
