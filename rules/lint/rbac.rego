# METADATA
# title: rbac-broad-access
# description: A Role or ClusterRole grants wildcard access (* in apiGroups, resources or verbs), or a binding grants cluster-admin - the power to do anything in its scope, including granting itself more.
# custom:
#   id: rbac-broad-access
#   severity: warning
#   category: security
#   remedy: List the exact apiGroups, resources and verbs the subject needs; bind cluster-admin only to break-glass groups, never to service accounts.
#   peers: [kube-linter:wildcard-in-rules, kube-linter:cluster-admin-role-binding, polaris:clusterrolebindingClusterAdmin, polaris:rolebindingClusterAdminClusterRole, polaris:rolebindingClusterAdminRole]
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

findings contains f if {
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	input.roleRef.name == "cluster-admin"
	f := {
		"msg": sprintf("%s %s grants cluster-admin to %s", [input.kind, input.metadata.name, subjects]),
		"path": "roleRef.name",
	}
}

subjects := concat(", ", [sprintf("%s %s", [object.get(s, "kind", ""), object.get(s, "name", "")]) | some s in k8s.as_array(object.get(input, "subjects", [])); is_object(s)])
