package poddoctor.lint.rbac_test

import data.poddoctor.lint.cluster_admin_binding as cluster_admin
import data.poddoctor.lint.rbac_broad_access as broad
import data.poddoctor.lint.rbac_sensitive_access as sensitive
import data.poddoctor.lint.rbac_sensitive_binding as sensitive_binding

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "dev"}, "rules": rules}

binding(kind, role_kind, name) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "b", "namespace": "dev"}, "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": name}, "subjects": [{"kind": "ServiceAccount", "name": "ci", "namespace": "dev"}]}

test_wildcards if {
	findings := broad.findings with input as role([{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}])
	{f.path | some f in findings} == {"rules[0].resources"}
}

test_cluster_admin_binding if {
	some f in cluster_admin.findings with input as binding("ClusterRoleBinding", "ClusterRole", "cluster-admin")
	f.msg == "ClusterRoleBinding b grants cluster-admin to ServiceAccount ci"
	count(cluster_admin.findings) == 0 with input as binding("RoleBinding", "ClusterRole", "view")
}

test_sensitive_role if {
	some f in sensitive.findings with input as role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}, {"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}])
	f.msg == "Role r lets its subjects create pods, read Secrets"
	count(sensitive.findings) == 0 with input as role([{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}])
	count(sensitive.findings) == 0 with input as role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["tls"]}, {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}])
}

test_sensitive_binding if {
	inv := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"Role": [{"namespace": "dev", "name": "r", "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}]}]}}
	some f in sensitive_binding.findings with input as binding("RoleBinding", "Role", "r") with poddoctor.inventory as inv
	f.msg == "RoleBinding b binds Role r, which lets its subjects create pods"
	count(sensitive_binding.findings) == 0 with input as binding("RoleBinding", "Role", "other") with poddoctor.inventory as inv
}

test_cluster_admin_under_another_name if {
	inv := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"Role": [{"namespace": "dev", "name": "r", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]}]}]}}
	count(cluster_admin.findings) == 1 with input as binding("RoleBinding", "Role", "r") with poddoctor.inventory as inv
	readonly := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"Role": [{"namespace": "dev", "name": "r", "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list"]}]}]}}
	count(cluster_admin.findings) == 0 with input as binding("RoleBinding", "Role", "r") with poddoctor.inventory as readonly
}
