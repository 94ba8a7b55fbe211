# METADATA
# title: image-never-pull
# description: The pod's imagePullPolicy is Never and the image is not present on the node, so the kubelet will never start the container there.
# custom:
#   id: image-never-pull
#   severity: error
#   category: images
#   remedy: Load the image onto every node that may run the pod (kind load, ctr images import), or set imagePullPolicy to IfNotPresent so the kubelet may pull it.
package poddoctor.diagnose.image_never_pull

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	never_pull(c)
	f := {
		"msg": sprintf("the %s %q cannot start: image %q is not on node %s and imagePullPolicy is Never", [d.kind_word(c), c.name, c.image, object.get(d.pod, "nodeName", "?")]),
		"container": c.name,
		"path": sprintf("%s.imagePullPolicy", [c.path]),
		"evidence": d.pull_evidence(c),
	}
}

never_pull(c) if c.state.reason == "ErrImageNeverPull"

never_pull(c) if c.pullFailure.cause == "never-pull"
