package poddoctor.lint.service_account_token_test

import data.poddoctor.lint.service_account_token_automount as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "web"}, "spec": object.union({"containers": [{"name": "a", "image": "a:1"}]}, spec)}

inventory(accounts) := {"complete": true, "kinds": {}, "objects": {}, "templates": [], "related": {"ServiceAccount": accounts}}

test_automount if {
	some f in rule.findings with input as pod({})
	f.msg == "the pod mounts the token of ServiceAccount default (automountServiceAccountToken is not false)"
	count(rule.findings) == 0 with input as pod({"automountServiceAccountToken": false})
}

test_service_account_decides_when_the_pod_is_silent if {
	off := inventory([{"namespace": "web", "name": "builder", "automountServiceAccountToken": false}])
	count(rule.findings) == 0 with input as pod({"serviceAccountName": "builder"}) with poddoctor.inventory as off
	# The deprecated field names the account too.
	count(rule.findings) == 0 with input as pod({"serviceAccount": "builder"}) with poddoctor.inventory as off
	# The pod's true overrides the account's false.
	count(rule.findings) == 1 with input as pod({"serviceAccountName": "builder", "automountServiceAccountToken": true}) with poddoctor.inventory as off
	# Another account, or the same name in another namespace, says nothing.
	count(rule.findings) == 1 with input as pod({"serviceAccountName": "runner"}) with poddoctor.inventory as off
	other_ns := inventory([{"namespace": "ops", "name": "builder", "automountServiceAccountToken": false}])
	count(rule.findings) == 1 with input as pod({"serviceAccountName": "builder"}) with poddoctor.inventory as other_ns
	# The namespace's default account, when the input turns it off.
	default_off := inventory([{"namespace": "", "name": "default", "automountServiceAccountToken": false}])
	count(rule.findings) == 0 with input as pod({}) with poddoctor.inventory as default_off
}
