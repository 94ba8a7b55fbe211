package poddoctor.lint.rbac_pod_exec_binding_test

import data.poddoctor.lint.rbac_pod_exec_binding as exec_binding

binding(kind, namespace, role_kind, role_name) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
	"metadata": {"name": "support", "namespace": namespace},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
	"subjects": [{"kind": "Group", "name": "support-team"}],
}

inventory := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"Role": [
	{"namespace": "shop", "name": "attacher", "rules": [{"apiGroups": [""], "resources": ["pods/attach"], "verbs": ["get"]}]},
	{"namespace": "shop", "name": "reader", "rules": [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list"]}]},
]}}

# attach opens a session over a WebSocket GET, as exec does.
test_role_binding_of_attach_role if {
	findings := exec_binding.findings with input as binding("RoleBinding", "shop", "Role", "attacher") with poddoctor.inventory as inventory
	count(findings) == 1
	some f in findings
	f.msg == "RoleBinding support binds Role attacher, which lets its subjects attach to pods"
	f.path == "roleRef"
}

test_quiet_bindings if {
	# reading pods and their logs opens no session
	count(exec_binding.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "reader") with poddoctor.inventory as inventory
	# a RoleBinding refers to a Role of its own namespace only
	count(exec_binding.findings) == 0 with input as binding("RoleBinding", "prod", "Role", "attacher") with poddoctor.inventory as inventory
	# not a binding at all
	count(exec_binding.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}} with poddoctor.inventory as inventory
}
