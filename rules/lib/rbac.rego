# RBAC semantics shared by the rules about roles and bindings.
package poddoctor.lib.k8s

# platform_managed_rbac holds for the roles and bindings the cluster itself
# creates and reconciles, which a manifest set holds only when it is a
# dump of a live cluster: the API server's bootstrap policy (the
# "system:" prefix is reserved for it, and the default user-facing
# ClusterRoles admin, edit, view and cluster-admin with the cluster-admin
# binding of system:masters), and the managed platforms' own, under the
# prefixes GKE ("gce:") and EKS ("eks:") keep for them. Their owner
# overwrites any change at the next reconcile, so a finding about them
# would ask for a fix nobody can make. A user's binding TO such a role is
# still judged: granting system:controller:x to an app is a real grant.
platform_managed_rbac(_, name) if {
	is_string(name)
	some prefix in {"system:", "gce:", "eks:"}
	startswith(name, prefix)
}

platform_managed_rbac("ClusterRole", name) if name in {"admin", "edit", "view", "cluster-admin"}

platform_managed_rbac("ClusterRoleBinding", "cluster-admin")

# bootstrap_role holds for the Roles the API server's bootstrap policy
# creates in a namespace whose names lack the reserved "system:" prefix
# (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/namespace_policy.go):
# every aggregated API server (metrics-server, custom metrics adapters)
# binds extension-apiserver-authentication-reader in kube-system.
bootstrap_role(namespace, name) if {
	name == "extension-apiserver-authentication-reader"
	same_namespace(namespace, "kube-system")
}
