# METADATA
# title: rbac-broad-access
# description: A Role or ClusterRole grants wildcard access (* in apiGroups, resources or verbs), which covers every present and future resource or verb, Secrets and escalation included.
# custom:
#   id: rbac-broad-access
#   severity: warning
#   category: security
#   remedy: List the exact apiGroups, resources and verbs the subject needs.
#   peers: [kube-linter:wildcard-in-rules]
package poddoctor.lint.rbac_broad_access

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind in {"Role", "ClusterRole"}
	some i, r in k8s.as_array(object.get(input, "rules", []))
	some field in ["apiGroups", "resources", "verbs"]
	"*" in k8s.as_array(object.get(k8s.as_object(r), field, []))
	f := {
		"msg": sprintf("%s %s grants * in rules[%d].%s", [input.kind, input.metadata.name, i, field]),
		"path": sprintf("rules[%d].%s", [i, field]),
	}
}
