# METADATA
# title: rbac-sensitive-access
# description: A Role or ClusterRole grants one of the permissions that amount to more - reading Secrets, or creating pods (which can mount any Secret and run as any ServiceAccount of the namespace); rbac-pod-exec reports exec and attach, rbac-sensitive-binding who is bound to such a role. The cluster's own roles (names prefixed system:, gce:, eks:, and the default ClusterRoles admin, edit, view and cluster-admin) are left out. Off by default (profile strict) - operators and CI agents need some of these.
# custom:
#   id: rbac-sensitive-access
#   severity: info
#   category: security
#   profile: strict
#   remedy: Grant the narrowest access (resourceNames for specific Secrets, pod creation only to the controllers that need it) and review who is bound to such roles.
package poddoctor.lint.rbac_sensitive_access

import data.poddoctor.lib.k8s

# grants describes what a list of rules grants that is sensitive.
grants(rules) := grants_of(rules, sensitive)

# grants_of lists the entries of wanted ({what, resource, verbs}, core API
# group resources) that a list of PolicyRules grants: a wildcard group,
# resource or verb grants every one, and "*" covers subresources too
# (pods/exec). A rule limited to resourceNames grants only those objects.
grants_of(rules, wanted) := {g |
	some r in k8s.as_array(rules)
	is_object(r)
	groups := k8s.as_array(object.get(r, "apiGroups", []))
	some g in wanted
	some group in groups
	group in {"", "*"}
	some resource in k8s.as_array(object.get(r, "resources", []))
	resource in {g.resource, "*"}
	some verb in k8s.as_array(object.get(r, "verbs", []))
	verb in g.verbs
	count(k8s.as_array(object.get(r, "resourceNames", []))) == 0
}

sensitive := [
	{"what": "read Secrets", "resource": "secrets", "verbs": {"get", "list", "watch", "*"}},
	{"what": "create pods", "resource": "pods", "verbs": {"create", "*"}},
]

what(gs) := concat(", ", sort({g.what | some g in gs}))

findings contains f if {
	input.kind in {"Role", "ClusterRole"}
	not k8s.platform_managed_rbac(input.kind, input.metadata.name)
	gs := grants(object.get(input, "rules", []))
	count(gs) > 0
	f := {
		"msg": sprintf("%s %s lets its subjects %s", [input.kind, input.metadata.name, what(gs)]),
		"path": "rules",
	}
}
