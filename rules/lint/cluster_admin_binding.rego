# METADATA
# title: cluster-admin-binding
# description: A RoleBinding or ClusterRoleBinding grants cluster-admin, or a role of the input granting every verb on every resource - the power to do anything in its scope (the whole cluster for a ClusterRoleBinding), including granting itself more. The cluster's own bindings (names prefixed system:, gce:, eks:, and cluster-admin, which binds the group system:masters) are left out.
# custom:
#   id: cluster-admin-binding
#   severity: warning
#   category: security
#   remedy: Bind a role with the permissions the subject needs; keep cluster-admin for break-glass groups, never service accounts.
#   peers: [kube-linter:cluster-admin-role-binding, polaris:clusterrolebindingClusterAdmin, polaris:rolebindingClusterAdminClusterRole, polaris:rolebindingClusterAdminRole]
package poddoctor.lint.cluster_admin_binding

import data.poddoctor.lib.k8s
import data.poddoctor.lint.rbac_sensitive_binding as binding

findings contains f if {
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	input.roleRef.name == "cluster-admin"
	f := {
		"msg": sprintf("%s %s grants cluster-admin to %s", [input.kind, input.metadata.name, subjects]),
		"path": "roleRef.name",
	}
}

# A role of the input that grants every verb on every resource of every
# API group is cluster-admin under another name.
findings contains f if {
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	input.roleRef.name != "cluster-admin"
	# the role this binding refers to: for a Role, the one of its own namespace
	some role in binding.bound_roles
	some r in k8s.as_array(object.get(role, "rules", []))
	is_object(r)
	"*" in k8s.as_array(object.get(r, "apiGroups", []))
	"*" in k8s.as_array(object.get(r, "resources", []))
	every_verb(k8s.as_array(object.get(r, "verbs", [])))
	f := {
		"msg": sprintf("%s %s grants %s %s, which allows every verb on every resource (cluster-admin under another name), to %s", [input.kind, input.metadata.name, input.roleRef.kind, role.name, subjects]),
		"path": "roleRef.name",
	}
}

every_verb(verbs) if "*" in verbs

every_verb(verbs) if {
	every v in {"get", "list", "watch", "create", "update", "patch", "delete"} {
		v in verbs
	}
}

subjects := concat(", ", [sprintf("%s %s", [object.get(s, "kind", ""), object.get(s, "name", "")]) | some s in k8s.as_array(object.get(input, "subjects", [])); is_object(s)])
