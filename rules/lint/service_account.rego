# METADATA
# title: deprecated-service-account-field
# description: The pod spec sets serviceAccount, the deprecated alias of serviceAccountName; when both are set and differ the API uses serviceAccountName, and tools that read only one of them disagree about which account the pod runs as.
# custom:
#   id: deprecated-service-account-field
#   severity: info
#   category: security
#   remedy: Rename serviceAccount to serviceAccountName (keep one of the two).
#   peers: [kube-linter:deprecated-service-account-field]
package poddoctor.lint.deprecated_service_account_field

import data.poddoctor.lib.k8s

findings contains f if {
	account := k8s.pod_spec.serviceAccount
	is_string(account)
	account != ""
	f := {
		"msg": sprintf("the pod spec sets the deprecated field serviceAccount (%q); use serviceAccountName", [account]),
		"path": sprintf("%s.serviceAccount", [k8s.pod_spec_prefix]),
	}
}
