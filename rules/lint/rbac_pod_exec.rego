# METADATA
# title: rbac-pod-exec
# description: A Role or ClusterRole lets its subjects exec into or attach to pods (pods/exec or pods/attach with create, or with get, which opens the same session over a WebSocket), so they can run any command inside every container in its scope and read what those containers hold - mounted Secrets, ServiceAccount tokens, data. The cluster's own roles (names prefixed system:, gce:, eks:, and the default ClusterRoles admin, edit, view and cluster-admin) are left out. Off by default (profile strict) - debugging and break-glass roles need it.
# custom:
#   id: rbac-pod-exec
#   severity: warning
#   category: security
#   profile: strict
#   remedy: Drop pods/exec and pods/attach (and wildcards that include them) from the role; keep them in a separate break-glass role bound only when needed.
#   peers: [polaris:clusterrolePodExecAttach, polaris:rolePodExecAttach]
package poddoctor.lint.rbac_pod_exec

import data.poddoctor.lib.k8s
import data.poddoctor.lint.rbac_sensitive_access as access

# exec is what opens a shell in a running container.
exec := [
	{"what": "exec into pods", "resource": "pods/exec", "verbs": {"create", "get", "*"}},
	{"what": "attach to pods", "resource": "pods/attach", "verbs": {"create", "get", "*"}},
]

grants(rules) := access.grants_of(rules, exec)

findings contains f if {
	input.kind in {"Role", "ClusterRole"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	gs := grants(object.get(input, "rules", []))
	count(gs) > 0
	f := {
		"msg": sprintf("%s %s lets its subjects %s", [input.kind, input.metadata.name, access.what(gs)]),
		"path": "rules",
	}
}
