package poddoctor.lint.rbac_sensitive_binding_test

import data.poddoctor.lint.rbac_sensitive_binding

binding(kind, namespace, role_kind, role_name) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
	"metadata": {"name": "app", "namespace": namespace},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
	"subjects": [{"kind": "ServiceAccount", "name": "app", "namespace": "shop"}],
}

inventory := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {
	"Role": [
		{"namespace": "shop", "name": "secret-reader", "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list"]}]},
		{"namespace": "shop", "name": "pod-reader", "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]},
		{"namespace": "prod", "name": "debugger", "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]},
	],
	"ClusterRole": [{"namespace": "", "name": "pod-launcher", "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}]}],
}}

test_role_binding_of_sensitive_role if {
	findings := rbac_sensitive_binding.findings with input as binding("RoleBinding", "shop", "Role", "secret-reader") with poddoctor.inventory as inventory
	count(findings) == 1
	some f in findings
	f.msg == "RoleBinding app binds Role secret-reader, which lets its subjects read Secrets"
	f.path == "roleRef"
}

# A ClusterRole may be bound from any namespace or cluster-wide.
test_cluster_role_from_any_scope if {
	some f in rbac_sensitive_binding.findings with input as binding("ClusterRoleBinding", "", "ClusterRole", "pod-launcher") with poddoctor.inventory as inventory
	f.msg == "ClusterRoleBinding app binds ClusterRole pod-launcher, which lets its subjects create pods"
	count(rbac_sensitive_binding.findings) == 1 with input as binding("RoleBinding", "shop", "ClusterRole", "pod-launcher") with poddoctor.inventory as inventory
}

# A manifest without a namespace is applied with kubectl -n: it may be the
# Role's.
test_namespace_left_to_kubectl if {
	count(rbac_sensitive_binding.findings) == 1 with input as binding("RoleBinding", "", "Role", "secret-reader") with poddoctor.inventory as inventory
}

test_harmless_role_is_quiet if {
	count(rbac_sensitive_binding.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "pod-reader") with poddoctor.inventory as inventory
}

# A RoleBinding refers to a Role of its own namespace only: the prod Role
# of that name is not the one bound in shop.
test_role_of_other_namespace_is_quiet if {
	count(rbac_sensitive_binding.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "debugger") with poddoctor.inventory as inventory
	count(rbac_sensitive_binding.findings) == 1 with input as binding("RoleBinding", "prod", "Role", "debugger") with poddoctor.inventory as inventory
}

# Role and ClusterRole of one name are different objects.
test_kind_must_match if {
	count(rbac_sensitive_binding.findings) == 0 with input as binding("RoleBinding", "shop", "ClusterRole", "secret-reader") with poddoctor.inventory as inventory
}

# A role the input does not define is not judged: no guessing.
test_role_outside_the_input_is_quiet if {
	count(rbac_sensitive_binding.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "unknown") with poddoctor.inventory as inventory
	count(rbac_sensitive_binding.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "secret-reader")
}
