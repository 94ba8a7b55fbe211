package poddoctor.lint.secret_env_reference_test

import data.poddoctor.lint.secret_env_reference as rule

pod(container) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [object.union({"name": "app", "image": "a:1"}, container)]}}

test_secret_key_ref if {
	some f in rule.findings with input as pod({"env": [{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "api", "key": "token"}}}]})
	f.msg == "container \"app\" reads Secret api (key token) into the environment variable TOKEN"
	f.path == "spec.containers[0].env[0].valueFrom.secretKeyRef"
}

test_env_from_secret if {
	some f in rule.findings with input as pod({"envFrom": [{"configMapRef": {"name": "cfg"}}, {"secretRef": {"name": "api"}}]})
	f.path == "spec.containers[0].envFrom[1].secretRef"
}

test_other_sources if {
	count(rule.findings) == 0 with input as pod({"env": [
		{"name": "A", "value": "x"},
		{"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "b"}}},
		{"name": "C", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
	]})
	count(rule.findings) == 0 with input as pod({"volumeMounts": [{"name": "api", "mountPath": "/var/run/secrets/api"}]})
}
