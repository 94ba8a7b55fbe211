# METADATA
# title: dns-ndots
# description: The pod keeps ndots at 5 or more (the default when dnsConfig sets no ndots option), so every lookup of an external name with fewer than 5 dots first tries each search domain, multiplying DNS queries. Off by default (profile all).
# custom:
#   id: dns-ndots
#   severity: info
#   category: networking
#   profile: all
#   remedy: Set spec.dnsConfig.options with name ndots and value "2" (or write external names with a trailing dot).
#   peers: [kube-linter:dnsconfig-options]
package poddoctor.lint.dns_ndots

import data.poddoctor.lib.k8s

findings contains f if {
	count(k8s.containers) > 0
	not has_ndots
	f := {
		"msg": sprintf("the pods of %s %s resolve names with ndots 5 or more", [input.kind, input.metadata.name]),
		"path": k8s.pod_spec_prefix,
	}
}

has_ndots if {
	some o in k8s.as_array(object.get(k8s.pod_spec, ["dnsConfig", "options"], []))
	o.name == "ndots"
	to_number(o.value) < 5
}
