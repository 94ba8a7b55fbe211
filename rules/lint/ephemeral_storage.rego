# METADATA
# title: ephemeral-storage
# description: A container sets no ephemeral-storage request or limit, so logs and files written to its writable layer or emptyDir can fill the node's disk until the kubelet evicts pods under disk pressure; a request above its limit is reported by request-exceeds-limit. Off by default (profile all).
# custom:
#   id: ephemeral-storage
#   severity: info
#   category: resources
#   profile: all
#   remedy: Set resources.requests.ephemeral-storage to what the container writes locally and resources.limits.ephemeral-storage a little above it.
#   peers: [kube-score:container-ephemeral-storage-request-and-limit]
package poddoctor.lint.ephemeral_storage

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.app_containers
	# A limit alone makes the API default the request to it.
	missing := [k | some k in ["requests", "limits"]; object.get(c.spec, ["resources", "limits", "ephemeral-storage"], null) == null; object.get(c.spec, ["resources", k, "ephemeral-storage"], null) == null]
	count(missing) > 0
	f := {
		"msg": sprintf("container %q sets no ephemeral-storage %s", [c.name, concat(" or ", [trim_suffix(k, "s") | some k in missing])]),
		"path": sprintf("%s.resources", [c.path]),
		"container": c.name,
	}
}
