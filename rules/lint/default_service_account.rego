# METADATA
# title: default-service-account
# description: The pod runs as its namespace's default ServiceAccount (serviceAccountName unset or "default"), so it shares its API identity and any role bound to it with every other pod that does the same. Off by default (profile strict).
# custom:
#   id: default-service-account
#   severity: info
#   category: security
#   profile: strict
#   remedy: Create a ServiceAccount for the workload, bind it only the roles it needs, and set serviceAccountName; set automountServiceAccountToken false if it never calls the API.
#   peers: [kube-linter:default-service-account]
package poddoctor.lint.default_service_account

import data.poddoctor.lib.k8s

findings contains f if {
	# Any pod spec, even one still without containers: the account it runs
	# as does not depend on them.
	is_object(object.get(input, k8s.pod_spec_path, null))
	account := object.get(k8s.pod_spec, "serviceAccountName", object.get(k8s.pod_spec, "serviceAccount", ""))
	account in {"", "default"}
	f := {
		"msg": "the pod runs as the namespace's default ServiceAccount",
		"path": k8s.pod_spec_prefix,
	}
}
