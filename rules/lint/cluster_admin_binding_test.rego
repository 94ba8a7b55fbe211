package poddoctor.lint.cluster_admin_binding_test

import data.poddoctor.lint.cluster_admin_binding

binding(kind, namespace, role_kind, role_name, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
	"metadata": {"name": "ci-deployer", "namespace": namespace},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
	"subjects": subjects,
}

ci_sa := [{"kind": "ServiceAccount", "name": "ci", "namespace": "ci"}]

inventory(roles) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": roles}

test_cluster_role_binding_to_cluster_admin if {
	findings := cluster_admin_binding.findings with input as binding("ClusterRoleBinding", "", "ClusterRole", "cluster-admin", array.concat(ci_sa, [{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "platform-admins"}]))
	count(findings) == 1
	some f in findings
	f.msg == "ClusterRoleBinding ci-deployer grants cluster-admin to ServiceAccount ci, Group platform-admins"
	f.path == "roleRef.name"
}

# A RoleBinding of the cluster-admin ClusterRole is admin of the whole
# namespace: still worth a warning.
test_role_binding_to_cluster_admin if {
	some f in cluster_admin_binding.findings with input as binding("RoleBinding", "dev", "ClusterRole", "cluster-admin", ci_sa)
	f.msg == "RoleBinding ci-deployer grants cluster-admin to ServiceAccount ci"
}

test_star_role_of_the_input if {
	inv := inventory({"ClusterRole": [{"namespace": "", "name": "superuser", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}]})
	findings := cluster_admin_binding.findings with input as binding("ClusterRoleBinding", "", "ClusterRole", "superuser", ci_sa) with poddoctor.inventory as inv
	count(findings) == 1
	some f in findings
	f.msg == "ClusterRoleBinding ci-deployer grants ClusterRole superuser, which allows every verb on every resource (cluster-admin under another name), to ServiceAccount ci"
	f.path == "roleRef.name"
}

# Listing every write and read verb is "*" in all but name.
test_every_verb_listed if {
	inv := inventory({"Role": [{"namespace": "dev", "name": "all", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]}]}]})
	count(cluster_admin_binding.findings) == 1 with input as binding("RoleBinding", "dev", "Role", "all", ci_sa) with poddoctor.inventory as inv
}

test_built_in_roles_are_quiet if {
	count(cluster_admin_binding.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "view", ci_sa)
	count(cluster_admin_binding.findings) == 0 with input as binding("RoleBinding", "dev", "ClusterRole", "admin", ci_sa)
	count(cluster_admin_binding.findings) == 0 with input as binding("RoleBinding", "dev", "ClusterRole", "edit", ci_sa)
}

# Near misses of "everything": one group, one resource, or read-only verbs.
test_broad_but_not_everything_is_quiet if {
	roles := {"ClusterRole": [
		{"namespace": "", "name": "core-all", "rules": [{"apiGroups": [""], "resources": ["*"], "verbs": ["*"]}]},
		{"namespace": "", "name": "pods-all", "rules": [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["*"]}]},
		{"namespace": "", "name": "read-all", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch"]}]},
	]}
	count(cluster_admin_binding.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "core-all", ci_sa) with poddoctor.inventory as inventory(roles)
	count(cluster_admin_binding.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "pods-all", ci_sa) with poddoctor.inventory as inventory(roles)
	count(cluster_admin_binding.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "read-all", ci_sa) with poddoctor.inventory as inventory(roles)
}

# A Role and a ClusterRole of one name are different objects: a binding of
# the Role is judged by the Role's rules.
test_role_kind_matters if {
	inv := inventory({"ClusterRole": [{"namespace": "", "name": "ops", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}], "Role": [{"namespace": "dev", "name": "ops", "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]}]}]})
	count(cluster_admin_binding.findings) == 0 with input as binding("RoleBinding", "dev", "Role", "ops", ci_sa) with poddoctor.inventory as inv
}

# A RoleBinding can only refer to a Role of its own namespace: the wildcard
# Role "ops" of prod is not the one a RoleBinding in dev binds.
test_role_of_another_namespace_is_not_bound if {
	inv := inventory({"Role": [{"namespace": "prod", "name": "ops", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}]})
	count(cluster_admin_binding.findings) == 0 with input as binding("RoleBinding", "dev", "Role", "ops", ci_sa) with poddoctor.inventory as inv
	count(cluster_admin_binding.findings) == 1 with input as binding("RoleBinding", "prod", "Role", "ops", ci_sa) with poddoctor.inventory as inv
}

test_other_kinds_are_quiet if {
	count(cluster_admin_binding.findings) == 0 with input as {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "cluster-admin"}, "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}
}
