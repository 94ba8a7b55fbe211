package poddoctor.diagnose.missing_secret_test

import data.poddoctor.diagnose.missing_configmap
import data.poddoctor.diagnose.missing_secret
import data.poddoctor.diagnose.testfacts_test as t

config_error(error, message) := t.container({
	"name": "worker", "image": "ghcr.io/acme/worker:3.1.0", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "CreateContainerConfigError", "message": message, "sinceSeconds": -1},
	"error": error,
	"events": [
		t.event("Warning", "Failed", sprintf("Error: %s", [message]), "container"),
		t.event("Normal", "Pulled", "Container image \"ghcr.io/acme/worker:3.1.0\" already present on machine", "pulled"),
	],
})

# kubelet v1.2x (secret manager): `secret "db-creds" not found`.
test_secret_not_found if {
	c := config_error({"cause": "missing-secret", "object": "db-creds", "objectKind": "Secret", "detail": "secret \"db-creds\" not found"}, "secret \"db-creds\" not found")
	findings := missing_secret.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"worker\" cannot start: Secret \"db-creds\" does not exist in namespace shop"
	f.container == "worker"
	f.path == "spec.containers[0]"
	f.remedy == "Create it (kubectl create secret generic -n shop db-creds ...), check the operator that should sync it, or fix the name the pod template refers to."
	f.evidence == ["State: Waiting (CreateContainerConfigError)", "Warning  Failed  60s  kubelet  Error: secret \"db-creds\" not found"]
}

# kubelet 1.8-1.1x fetched Secrets from the API server: the plural
# `secrets "db-creds" not found`, classified the same.
test_old_kubelet_plural_wording if {
	c := config_error({"cause": "missing-secret", "object": "db-creds", "objectKind": "Secret", "detail": "secrets \"db-creds\" not found"}, "secrets \"db-creds\" not found")
	some f in missing_secret.findings with input as t.pod({"containers": [c], "object": {"apiVersion": "v1", "kind": "Pod", "namespace": "legacy", "name": "worker-1", "uid": "u2"}})
	f.msg == "the container \"worker\" cannot start: Secret \"db-creds\" does not exist in namespace legacy"
}

test_other_errors_are_quiet if {
	cm := config_error({"cause": "missing-configmap", "object": "db-creds", "objectKind": "ConfigMap", "detail": "configmap \"db-creds\" not found"}, "configmap \"db-creds\" not found")
	count(missing_secret.findings) == 0 with input as t.pod_with(cm)
	count(missing_configmap.findings) == 1 with input as t.pod_with(cm)
	key := config_error({"cause": "missing-config-key", "key": "password", "object": "db-creds", "objectKind": "Secret", "detail": "couldn't find key password in Secret shop/db-creds"}, "couldn't find key password in Secret shop/db-creds")
	count(missing_secret.findings) == 0 with input as t.pod_with(key)
	count(missing_secret.findings) == 0 with input as t.pod_with(t.base_container)
}
