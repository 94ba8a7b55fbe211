# METADATA
# title: image-registry-unreachable
# description: The node could not reach the image's registry, whatever the image; its name does not resolve, the connection is refused or times out, or its TLS certificate is not trusted.
# custom:
#   id: image-registry-unreachable
#   severity: error
#   category: images
#   remedy: Check the registry host name in the image, the node's DNS and egress (proxy, firewall, NetworkPolicy does not apply to the kubelet), and for TLS errors the CA the container runtime trusts for that registry.
package poddoctor.diagnose.image_registry_unreachable

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.pull_failing
	c.pullFailure.cause in {"unreachable", "tls"}
	f := {
		"msg": sprintf("the %s %q cannot be pulled: %s %s: %s", [d.kind_word(c), c.name, registry(c), what[c.pullFailure.cause], c.pullFailure.detail]),
		"container": c.name,
		"path": sprintf("%s.image", [c.path]),
		"evidence": d.pull_evidence(c),
		"remedy": remedy[c.pullFailure.cause],
	}
}

what := {"unreachable": "cannot be reached", "tls": "presents a certificate the node does not trust"}

remedy := {
	"unreachable": "Check the registry host in the image name, then the node's DNS and network path to it (proxy, firewall); the kubelet pulls from the node, not from the pod network.",
	"tls": "Make the container runtime trust the registry's CA (containerd: certs.d/HOST/hosts.toml with ca; CRI-O: /etc/containers/certs.d), or fix the registry's certificate.",
}

registry(c) := sprintf("the registry %s", [c.pullFailure.registry]) if c.pullFailure.registry

registry(c) := sprintf("the registry of %q", [c.image]) if not c.pullFailure.registry
