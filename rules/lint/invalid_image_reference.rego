# METADATA
# title: invalid-image-reference
# description: The image field is not a valid image reference (upper case, spaces, an empty or malformed tag), so the kubelet will refuse it with InvalidImageName.
# custom:
#   id: invalid-image-reference
#   severity: error
#   category: images
#   remedy: Write the image as [registry/]repository[:tag][@digest] in lower case, for example registry.example.com/team/app:1.4.2.
package poddoctor.lint.invalid_image_reference

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	is_string(c.spec.image)
	ref := poddoctor.image.parse(c.spec.image)
	not ref.valid
	f := {
		"msg": ref.error,
		"path": sprintf("%s.image", [c.path]),
		"container": c.name,
	}
}

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	not valid_image_field(c.spec)
	f := {
		"msg": sprintf("container %q has no image", [c.name]),
		"path": c.path,
		"container": c.name,
	}
}

valid_image_field(spec) if {
	is_string(spec.image)
	spec.image != ""
}
