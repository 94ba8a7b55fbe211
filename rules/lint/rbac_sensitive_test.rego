package poddoctor.lint.rbac_sensitive_test

import data.poddoctor.lint.rbac_sensitive_access as sensitive

role(kind, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "app-reader", "namespace": "shop"}, "rules": rules}

test_read_secrets if {
	findings := sensitive.findings with input as role("Role", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]}])
	count(findings) == 1
	some f in findings
	f.msg == "Role app-reader lets its subjects read Secrets"
	f.path == "rules"
}

# Every grant in one finding, named in order: wildcards count.
test_wildcards_grant_everything_sensitive if {
	some f in sensitive.findings with input as role("ClusterRole", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	f.msg == "ClusterRole app-reader lets its subjects create pods, read Secrets"
}

# exec and attach have a rule of their own (rbac-pod-exec): this one
# stays quiet on them.
test_exec_and_attach_are_left_to_their_rule if {
	count(sensitive.findings) == 0 with input as role("Role", [
		{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]},
		{"apiGroups": [""], "resources": ["pods/attach"], "verbs": ["get"]},
	])
}

test_create_pods if {
	some f in sensitive.findings with input as role("Role", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["create", "delete"]}])
	f.msg == "Role app-reader lets its subjects create pods"
}

test_harmless_rules_are_quiet if {
	count(sensitive.findings) == 0 with input as role("Role", [
		# reading pods and their logs is what every dashboard does
		{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]},
		# creating Secrets is not reading them
		{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create", "update"]},
		# Deployments are in apps, not the core group
		{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["create"]},
	])
}

# resourceNames limits a rule to named objects (a TLS Secret the app
# reloads): not a blanket grant.
test_resource_names_are_quiet if {
	count(sensitive.findings) == 0 with input as role("Role", [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "watch"], "resourceNames": ["shop-tls"]}])
}

# A resource named secrets in another API group is not the core Secret.
test_other_group_is_quiet if {
	count(sensitive.findings) == 0 with input as role("ClusterRole", [{"apiGroups": ["external-secrets.io"], "resources": ["secrets"], "verbs": ["get", "list"]}])
}

test_bindings_and_broken_rules_are_quiet if {
	count(sensitive.findings) == 0 with input as {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "b"}, "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]}]}
	count(sensitive.findings) == 0 with input as role("Role", "not-a-list")
	count(sensitive.findings) == 0 with input as role("Role", ["not-a-rule"])
}
