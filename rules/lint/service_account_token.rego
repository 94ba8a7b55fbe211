# METADATA
# title: service-account-token-automount
# description: The pod mounts a ServiceAccount token, so a compromised container can call the Kubernetes API with the pod's identity. The pod's automountServiceAccountToken decides; when the pod leaves it unset, its ServiceAccount's does, if the input defines that ServiceAccount. Off by default (profile all) - only pods that never call the API should opt out.
# custom:
#   id: service-account-token-automount
#   severity: info
#   category: security
#   profile: all
#   remedy: Set automountServiceAccountToken false on the pod (or its ServiceAccount) when the workload does not talk to the Kubernetes API.
#   peers: [polaris:automountServiceAccountToken]
package poddoctor.lint.service_account_token_automount

import data.poddoctor.lib.k8s

findings contains f if {
	count(k8s.containers) > 0
	not k8s.pod_spec.automountServiceAccountToken == false
	not account_opts_out
	f := {
		"msg": sprintf("the pod mounts the token of ServiceAccount %s (automountServiceAccountToken is not false)", [account]),
		"path": k8s.pod_spec_prefix,
	}
}

# account is the ServiceAccount the pods run as: serviceAccountName, else
# the deprecated serviceAccount, else the namespace's default.
account := name if {
	name := k8s.pod_spec.serviceAccountName
	is_string(name)
	name != ""
} else := name if {
	name := k8s.pod_spec.serviceAccount
	is_string(name)
	name != ""
} else := "default"

# The pod's own setting wins over its ServiceAccount's (kubelet and the
# ServiceAccount admission plugin read the pod's first), so the
# ServiceAccount's false counts only when the pod leaves the field unset.
account_opts_out if {
	not has_key(k8s.pod_spec, "automountServiceAccountToken")
	some sa in k8s.related_called("ServiceAccount", account, k8s.namespace_of(input))
	sa.automountServiceAccountToken == false
}

has_key(obj, key) if _ = obj[key]
