# METADATA
# title: rbac-sensitive-binding
# description: A RoleBinding or ClusterRoleBinding gives its subjects a role of the input that lets them read Secrets or create pods (see rbac-sensitive-access for why each amounts to more). The cluster's own bindings (names prefixed system:, gce:, eks:, and cluster-admin) are left out. Off by default (profile strict).
# custom:
#   id: rbac-sensitive-binding
#   severity: info
#   category: security
#   profile: strict
#   remedy: Bind the role only to the subjects that need it, or bind a narrower role.
#   peers: [kube-linter:access-to-secrets, kube-linter:access-to-create-pods]
package poddoctor.lint.rbac_sensitive_binding

import data.poddoctor.lib.k8s
import data.poddoctor.lint.rbac_sensitive_access as access

findings contains f if {
	some role in bound_roles
	gs := access.grants(object.get(role, "rules", []))
	count(gs) > 0
	f := {
		"msg": sprintf("%s %s binds %s %s, which lets its subjects %s", [input.kind, input.metadata.name, input.roleRef.kind, role.name, access.what(gs)]),
		"path": "roleRef",
	}
}

# bound_roles are the roles of the input (inventory.related) this binding
# grants, unless the binding is one the cluster manages itself. A
# RoleBinding may grant a ClusterRole (within its namespace) or a Role of
# its own namespace.
bound_roles contains role if {
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	some role in k8s.related_named(object.get(input, ["roleRef", "kind"], ""), input.roleRef.name)
	role.name == input.roleRef.name
	role_in_scope(role)
}

role_in_scope(_) if input.roleRef.kind == "ClusterRole"

role_in_scope(role) if {
	input.roleRef.kind == "Role"
	k8s.same_namespace(role.namespace, k8s.namespace_of(input))
}
