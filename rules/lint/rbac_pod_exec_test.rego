package poddoctor.lint.rbac_pod_exec_test

import data.poddoctor.lint.cluster_admin_binding as cluster_admin
import data.poddoctor.lint.rbac_pod_exec as exec
import data.poddoctor.lint.rbac_pod_exec_binding as exec_binding
import data.poddoctor.lint.rbac_sensitive_access as sensitive

role(kind, name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name}, "rules": rules}

binding(kind, name, role_kind, role_name) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name, "namespace": "dev"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name}, "subjects": [{"kind": "User", "name": "jane"}]}

rule(groups, resources, verbs) := {"apiGroups": groups, "resources": resources, "verbs": verbs}

inventory(kind, name, rules) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {kind: [{"namespace": "", "name": name, "rules": rules}]}}

test_exec_and_attach_by_name_and_wildcard if {
	some f in exec.findings with input as role("ClusterRole", "debug", [rule([""], ["pods/exec"], ["create"])])
	f.msg == "ClusterRole debug lets its subjects exec into pods"
	# get opens the session over a WebSocket; * covers subresources.
	count(exec.findings) == 1 with input as role("Role", "r", [rule([""], ["pods/attach"], ["get"])])
	count(exec.findings) == 1 with input as role("Role", "r", [rule(["*"], ["*"], ["*"])])
	count(exec.findings) == 1 with input as role("Role", "r", [rule([""], ["*"], ["create"])])
}

test_no_exec if {
	# list on pods/exec opens nothing; pods (create) is rbac-sensitive-access's.
	count(exec.findings) == 0 with input as role("Role", "r", [rule([""], ["pods/exec"], ["list"])])
	count(exec.findings) == 0 with input as role("Role", "r", [rule([""], ["pods"], ["get", "create"])])
	count(exec.findings) == 0 with input as role("Role", "r", [rule(["apps"], ["pods/exec"], ["create"])])
}

test_platform_roles_left_out if {
	every name in ["system:controller:glbc", "gce:podsecuritypolicy:calico-sa", "eks:addon-manager", "admin", "cluster-admin"] {
		count(exec.findings) == 0 with input as role("ClusterRole", name, [rule(["*"], ["*"], ["*"])])
		count(sensitive.findings) == 0 with input as role("ClusterRole", name, [rule(["*"], ["*"], ["*"])])
	}
	# A Role named admin is the user's own, not the default ClusterRole.
	count(exec.findings) == 1 with input as role("Role", "admin", [rule(["*"], ["*"], ["*"])])
}

test_exec_binding if {
	inv := inventory("ClusterRole", "debug", [rule([""], ["pods/exec"], ["create"])])
	some f in exec_binding.findings with input as binding("ClusterRoleBinding", "debug", "ClusterRole", "debug") with poddoctor.inventory as inv
	f.msg == "ClusterRoleBinding debug binds ClusterRole debug, which lets its subjects exec into pods"
	# A RoleBinding granting the ClusterRole within its namespace grants exec too.
	count(exec_binding.findings) == 1 with input as binding("RoleBinding", "debug", "ClusterRole", "debug") with poddoctor.inventory as inv
	# A role the input does not hold is not judged.
	count(exec_binding.findings) == 0 with input as binding("ClusterRoleBinding", "debug", "ClusterRole", "view") with poddoctor.inventory as inv
	# The cluster's own bindings are left out, but a user's binding to a
	# system: role is a real grant.
	count(exec_binding.findings) == 0 with input as binding("ClusterRoleBinding", "system:debug", "ClusterRole", "debug") with poddoctor.inventory as inv
	sys := inventory("ClusterRole", "system:debug", [rule([""], ["pods/exec"], ["create"])])
	count(exec_binding.findings) == 1 with input as binding("ClusterRoleBinding", "ops", "ClusterRole", "system:debug") with poddoctor.inventory as sys
}

test_cluster_admin_platform_bindings if {
	count(cluster_admin.findings) == 0 with input as binding("ClusterRoleBinding", "cluster-admin", "ClusterRole", "cluster-admin")
	count(cluster_admin.findings) == 0 with input as binding("ClusterRoleBinding", "gce:podsecuritypolicy:calico-sa", "ClusterRole", "cluster-admin")
	count(cluster_admin.findings) == 1 with input as binding("RoleBinding", "cluster-admin", "ClusterRole", "cluster-admin")
}
