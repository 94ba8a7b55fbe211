# METADATA
# title: rbac-sensitive-access
# description: A Role or ClusterRole grants one of the permissions that amount to more - reading Secrets, creating pods (which can mount any Secret and run as any ServiceAccount of the namespace), or exec and attach into pods (rbac-sensitive-binding reports who is bound to such a role). Off by default (profile strict) - operators and CI agents need some of these.
# custom:
#   id: rbac-sensitive-access
#   severity: info
#   category: security
#   profile: strict
#   remedy: Grant the narrowest access (resourceNames for specific Secrets, no pods/exec outside break-glass roles) and review who is bound to such roles.
#   peers: [polaris:clusterrolePodExecAttach, polaris:rolePodExecAttach]
package poddoctor.lint.rbac_sensitive_access

import data.poddoctor.lib.k8s

# grants describes what a list of rules grants that is sensitive.
grants(rules) := {g |
	some r in k8s.as_array(rules)
	is_object(r)
	groups := k8s.as_array(object.get(r, "apiGroups", []))
	some g in sensitive
	some group in groups
	group in {"", "*"}
	some resource in k8s.as_array(object.get(r, "resources", []))
	resource in {g.resource, "*"}
	some verb in k8s.as_array(object.get(r, "verbs", []))
	verb in g.verbs
	count(object.get(r, "resourceNames", [])) == 0
}

sensitive := [
	{"what": "read Secrets", "resource": "secrets", "verbs": {"get", "list", "watch", "*"}},
	{"what": "create pods", "resource": "pods", "verbs": {"create", "*"}},
	{"what": "exec into pods", "resource": "pods/exec", "verbs": {"create", "get", "*"}},
	{"what": "attach to pods", "resource": "pods/attach", "verbs": {"create", "get", "*"}},
]

what(gs) := concat(", ", sort({g.what | some g in gs}))

findings contains f if {
	input.kind in {"Role", "ClusterRole"}
	gs := grants(object.get(input, "rules", []))
	count(gs) > 0
	f := {
		"msg": sprintf("%s %s lets its subjects %s", [input.kind, input.metadata.name, what(gs)]),
		"path": "rules",
	}
}
