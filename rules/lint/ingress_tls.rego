# METADATA
# title: ingress-tls
# description: An Ingress serves its hosts over plain HTTP - it has no spec.tls, so the ingress controller terminates no TLS for it and credentials, cookies and data cross the network readable. Off by default (profile strict) - TLS may end at a load balancer in front of the controller.
# custom:
#   id: ingress-tls
#   severity: info
#   category: security
#   profile: strict
#   remedy: Add spec.tls with the hosts and the Secret holding their certificate (cert-manager's cert-manager.io/cluster-issuer annotation can issue it).
#   peers: [polaris:tlsSettingsMissing]
package poddoctor.lint.ingress_tls

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind == "Ingress"
	spec := k8s.as_object(object.get(input, "spec", {}))
	count(k8s.as_array(object.get(spec, "tls", []))) == 0
	f := {
		"msg": sprintf("Ingress %s has no TLS section, so it serves plain HTTP", [input.metadata.name]),
		"path": path(spec),
	}
}

path(spec) := "spec.tls" if _ = spec.tls

else := "spec"
