# METADATA
# title: image-pull-policy
# description: A container's imagePullPolicy is not Always, so a node that already has the tag runs its cached copy, which can differ from the registry's when tags are moved. Off by default (profile all) - with immutable tags or digests IfNotPresent is the better choice.
# custom:
#   id: image-pull-policy
#   severity: info
#   category: images
#   profile: all
#   remedy: Pin images by digest (then the policy does not matter), or set imagePullPolicy Always.
#   peers: [kube-score:container-image-pull-policy, polaris:pullPolicyNotAlways]
package poddoctor.lint.image_pull_policy

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	policy := object.get(c.spec, "imagePullPolicy", "")
	policy != "Always"
	not pinned(object.get(c.spec, "image", ""))
	not defaults_to_always(policy, object.get(c.spec, "image", ""))
	f := {
		"msg": sprintf("container %q pulls with imagePullPolicy %s", [c.name, policy_text(policy)]),
		"path": sprintf("%s.imagePullPolicy", [c.path]),
		"container": c.name,
	}
}

pinned(image) if poddoctor.image.parse(image).digestPinned

# Unset defaults to Always for :latest and untagged images.
defaults_to_always(policy, image) if {
	policy == ""
	ref := poddoctor.image.parse(image)
	ref.valid
	some flag in [ref.latest, ref.untagged]
	flag
}

policy_text(p) := "unset (IfNotPresent for a tagged image)" if p == ""

policy_text(p) := p if p != ""
