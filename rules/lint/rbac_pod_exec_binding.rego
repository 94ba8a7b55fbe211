# METADATA
# title: rbac-pod-exec-binding
# description: A RoleBinding or ClusterRoleBinding gives its subjects a role of the input that lets them exec into or attach to pods (see rbac-pod-exec). Bindings to roles the input does not hold are not judged - a role of the cluster may allow anything or nothing. The cluster's own bindings (names prefixed system:, gce:, eks:, and cluster-admin) are left out. Off by default (profile strict).
# custom:
#   id: rbac-pod-exec-binding
#   severity: warning
#   category: security
#   profile: strict
#   remedy: Bind a role without pods/exec and pods/attach, or bind the exec role only to the people who need it, for the time they need it.
#   peers: [polaris:clusterrolebindingPodExecAttach, polaris:rolebindingClusterRolePodExecAttach, polaris:rolebindingRolePodExecAttach]
package poddoctor.lint.rbac_pod_exec_binding

import data.poddoctor.lint.rbac_pod_exec as exec
import data.poddoctor.lint.rbac_sensitive_access as access
import data.poddoctor.lint.rbac_sensitive_binding as binding

findings contains f if {
	some role in binding.bound_roles
	gs := exec.grants(object.get(role, "rules", []))
	count(gs) > 0
	f := {
		"msg": sprintf("%s %s binds %s %s, which lets its subjects %s", [input.kind, input.metadata.name, input.roleRef.kind, role.name, access.what(gs)]),
		"path": "roleRef",
	}
}
