# METADATA
# title: service-account-token-automount
# description: The pod mounts a ServiceAccount token (automountServiceAccountToken not false), so a compromised container can call the Kubernetes API with the pod's identity. Off by default (profile all) - only pods that never call the API should opt out.
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
	f := {
		"msg": "the pod mounts a ServiceAccount token (automountServiceAccountToken is not false)",
		"path": k8s.pod_spec_prefix,
	}
}
