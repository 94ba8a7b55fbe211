# The same check as poddoctor's latest-tag: a tag "latest", or none.
package main

import data.lib.k8s

warn contains msg if {
	some c in k8s.containers
	image := c.image
	not contains(image, "@")
	untagged_or_latest(image)
	msg := sprintf("%s %s: container %q: image %q uses the tag latest or no tag", [input.kind, input.metadata.name, c.name, image])
}

untagged_or_latest(image) if endswith(image, ":latest")

untagged_or_latest(image) if {
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}
