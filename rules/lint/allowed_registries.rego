# METADATA
# title: allowed-registries
# description: An image comes from a registry the team's configuration does not allow. Runs only when .poddoctor.yaml lists the allowed registries under params.allowed-registries.registries.
# custom:
#   id: allowed-registries
#   severity: error
#   category: supply-chain
#   remedy: Mirror the image into an allowed registry and reference it there, or ask for the registry to be added to the list.
package poddoctor.lint.allowed_registries

import data.poddoctor.lib.k8s

allowed := object.get(data.poddoctor.params, ["allowed-registries", "registries"], [])

findings contains f if {
	count(allowed) > 0
	some c in k8s.containers
	ref := poddoctor.image.parse(c.spec.image)
	ref.valid
	not permitted(ref)
	f := {
		"msg": sprintf("image %q comes from %s, which is not an allowed registry (%s)", [c.spec.image, ref.domain, concat(", ", allowed)]),
		"path": sprintf("%s.image", [c.path]),
		"container": c.name,
	}
}

# An entry allows a registry host ("ghcr.io") or a prefix of repositories
# ("docker.io/library").
permitted(ref) if {
	some entry in allowed
	startswith(sprintf("%s/%s", [ref.domain, ref.path]), sprintf("%s/", [trim_suffix(entry, "/")]))
}
