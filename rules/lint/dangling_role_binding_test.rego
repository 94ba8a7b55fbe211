package poddoctor.lint.dangling_role_binding_test

import data.poddoctor.lint.dangling_role_binding as dangling

binding(kind, namespace, role_kind, role_name) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind,
	"metadata": {"name": "support", "namespace": namespace},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
	"subjects": [{"kind": "Group", "name": "support-team"}],
}

# The application defines Role shop/reader and ClusterRole log-reader.
inventory := {"complete": true, "kinds": {"Role": 1, "ClusterRole": 1}, "objects": {}, "templates": [], "related": {
	"Role": [{"namespace": "shop", "name": "reader", "rules": []}],
	"ClusterRole": [{"namespace": "", "name": "log-reader", "rules": []}],
}}

test_role_missing_in_namespace if {
	findings := dangling.findings with input as binding("RoleBinding", "shop", "Role", "raeder") with poddoctor.inventory as inventory
	count(findings) == 1
	some f in findings
	f.msg == "RoleBinding support refers to Role \"raeder\", which the input does not define in namespace shop: the binding grants nothing until a Role of that name exists, then whatever it allows"
	f.path == "roleRef.name"
}

# A RoleBinding grants only a Role of its own namespace.
test_role_of_another_namespace if {
	count(dangling.findings) == 1 with input as binding("RoleBinding", "prod", "Role", "reader") with poddoctor.inventory as inventory
}

test_cluster_role_missing if {
	some f in dangling.findings with input as binding("ClusterRoleBinding", "", "ClusterRole", "does-not-exist") with poddoctor.inventory as inventory
	f.msg == "ClusterRoleBinding support refers to ClusterRole \"does-not-exist\", which neither the input nor Kubernetes' default roles define: the binding grants nothing until a ClusterRole of that name exists, then whatever it allows"
	count(dangling.findings) == 1 with input as binding("RoleBinding", "shop", "ClusterRole", "does-not-exist") with poddoctor.inventory as inventory
}

# Even an input holding no role at all: the binding is dangling as far as
# the application goes (polaris' binding_points_to_missing_ref cases).
test_no_roles_in_input if {
	empty := {"complete": true, "kinds": {"RoleBinding": 1}, "objects": {}, "templates": [], "related": {}}
	count(dangling.findings) == 1 with input as binding("RoleBinding", "shop", "Role", "deployer") with poddoctor.inventory as empty
}

test_quiet if {
	# defined by the application
	count(dangling.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "reader") with poddoctor.inventory as inventory
	count(dangling.findings) == 0 with input as binding("RoleBinding", "shop", "ClusterRole", "log-reader") with poddoctor.inventory as inventory
	count(dangling.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "log-reader") with poddoctor.inventory as inventory
	# a binding without namespace may be applied to the Role's namespace
	count(dangling.findings) == 0 with input as binding("RoleBinding", "", "Role", "reader") with poddoctor.inventory as inventory
	# Kubernetes' default ClusterRoles and the bootstrap policy's system: roles
	count(dangling.findings) == 0 with input as binding("RoleBinding", "shop", "ClusterRole", "view") with poddoctor.inventory as inventory
	count(dangling.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "system:auth-delegator") with poddoctor.inventory as inventory
	count(dangling.findings) == 0 with input as binding("ClusterRoleBinding", "", "ClusterRole", "cluster-admin") with poddoctor.inventory as inventory
	# the bootstrap Role every aggregated API server binds in kube-system
	count(dangling.findings) == 0 with input as binding("RoleBinding", "kube-system", "Role", "extension-apiserver-authentication-reader") with poddoctor.inventory as inventory
	# the cluster's own bindings
	count(dangling.findings) == 0 with input as object.union(binding("ClusterRoleBinding", "", "ClusterRole", "gone"), {"metadata": {"name": "system:gone"}}) with poddoctor.inventory as inventory
	# an inventory that does not cover the whole input cannot say what is missing
	count(dangling.findings) == 0 with input as binding("RoleBinding", "shop", "Role", "raeder") with poddoctor.inventory as object.union(inventory, {"complete": false})
	# not a binding
	count(dangling.findings) == 0 with input as {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}} with poddoctor.inventory as inventory
}

test_bootstrap_role_only_in_kube_system if {
	count(dangling.findings) == 1 with input as binding("RoleBinding", "shop", "Role", "extension-apiserver-authentication-reader") with poddoctor.inventory as inventory
}
