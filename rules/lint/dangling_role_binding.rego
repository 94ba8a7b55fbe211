# METADATA
# title: dangling-role-binding
# description: A RoleBinding refers to a Role that neither the application nor Kubernetes (extension-apiserver-authentication-reader in kube-system, system:*) defines in its namespace, or a binding refers to a ClusterRole that neither the application nor Kubernetes (cluster-admin, admin, edit, view, system:*, and the gce:* and eks:* roles of managed platforms) defines. The binding grants nothing today - its subjects get Forbidden - and grants whatever a role created under that name later allows. Judged per application (the files of one chart or kustomization, or the plain files of the run), so a role kept in another application is reported too; info for that reason. On by default, since a binding that grants nothing is far more often a renamed or forgotten role than a plan.
# custom:
#   id: dangling-role-binding
#   severity: info
#   category: security
#   remedy: Add the Role or ClusterRole to the application, or correct roleRef.name; if the role comes from the cluster or another application on purpose, say so with the poddoctor.io/ignore annotation.
#   peers: [polaris:clusterrolebindingPodExecAttach, polaris:rolebindingClusterRolePodExecAttach, polaris:rolebindingRolePodExecAttach]
package poddoctor.lint.dangling_role_binding

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.inventory_complete
	input.kind == "RoleBinding"
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	ref := k8s.as_object(input.roleRef)
	ref.kind == "Role"
	is_string(ref.name)
	not k8s.platform_managed_rbac("Role", ref.name)
	namespace := k8s.namespace_of(input)
	not k8s.bootstrap_role(namespace, ref.name)
	not role_defined(ref.name, namespace)
	f := {
		"msg": sprintf("RoleBinding %s refers to Role %q, which the input does not define%s: the binding grants nothing until a Role of that name exists, then whatever it allows", [input.metadata.name, ref.name, in_namespace(namespace)]),
		"path": "roleRef.name",
	}
}

# A RoleBinding may grant a ClusterRole within its namespace; a
# ClusterRoleBinding grants only ClusterRoles (the API server rejects a
# ClusterRoleBinding to a Role).
findings contains f if {
	k8s.inventory_complete
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	ref := k8s.as_object(input.roleRef)
	ref.kind == "ClusterRole"
	is_string(ref.name)
	not k8s.platform_managed_rbac("ClusterRole", ref.name)
	not cluster_role_defined(ref.name)
	f := {
		"msg": sprintf("%s %s refers to ClusterRole %q, which neither the input nor Kubernetes' default roles define: the binding grants nothing until a ClusterRole of that name exists, then whatever it allows", [input.kind, input.metadata.name, ref.name]),
		"path": "roleRef.name",
	}
}

role_defined(name, namespace) if {
	some role in k8s.related_called("Role", name, namespace)
}

cluster_role_defined(name) if {
	some role in k8s.related_named("ClusterRole", name)
	role.name == name
}

in_namespace(namespace) := sprintf(" in namespace %s", [namespace]) if namespace != ""

else := ""
