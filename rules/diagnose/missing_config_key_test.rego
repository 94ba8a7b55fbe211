package poddoctor.diagnose.missing_config_key_test

import data.poddoctor.diagnose.missing_config_key
import data.poddoctor.diagnose.missing_configmap
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.8+ (kubelet_pods.go makeEnvironmentVariables): "couldn't find
# key %v in ConfigMap %v/%v"; v1.6-1.7 wrote "Couldn't".
config_error(error, message) := t.container({
	"name": "api", "image": "ghcr.io/acme/shop-api:1.14.0", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "CreateContainerConfigError", "message": message, "sinceSeconds": -1},
	"error": error,
	"events": [t.event("Warning", "Failed", sprintf("Error: %s", [message]), "container")],
})

test_configmap_key if {
	c := config_error({"cause": "missing-config-key", "key": "DB_HOST", "object": "app-config", "objectKind": "ConfigMap", "detail": "couldn't find key DB_HOST in ConfigMap shop/app-config"}, "couldn't find key DB_HOST in ConfigMap shop/app-config")
	findings := missing_config_key.findings with input as t.pod_with(c)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"api\" cannot start: key \"DB_HOST\" is missing from ConfigMap \"app-config\""
	f.container == "api"
	f.path == "spec.containers[0]"
	f.evidence == ["State: Waiting (CreateContainerConfigError)", "Warning  Failed  60s  kubelet  Error: couldn't find key DB_HOST in ConfigMap shop/app-config"]
	# the ConfigMap exists: not missing-configmap
	count(missing_configmap.findings) == 0 with input as t.pod_with(c)
}

test_secret_key if {
	c := config_error({"cause": "missing-config-key", "key": "password", "object": "db-creds", "objectKind": "Secret", "detail": "couldn't find key password in Secret shop/db-creds"}, "couldn't find key password in Secret shop/db-creds")
	some f in missing_config_key.findings with input as t.pod_with(c)
	f.msg == "the container \"api\" cannot start: key \"password\" is missing from Secret \"db-creds\""
}

# When classify found the key but not the object, the message still reads.
test_object_unknown if {
	c := config_error({"cause": "missing-config-key", "key": "log_level", "detail": "couldn't find key log_level"}, "couldn't find key log_level")
	some f in missing_config_key.findings with input as t.pod_with(c)
	f.msg == "the container \"api\" cannot start: key \"log_level\" is missing from the object \"?\""
}

test_other_errors_are_quiet if {
	c := config_error({"cause": "missing-configmap", "object": "app-config", "objectKind": "ConfigMap", "detail": "configmap \"app-config\" not found"}, "configmap \"app-config\" not found")
	count(missing_config_key.findings) == 0 with input as t.pod_with(c)
	count(missing_config_key.findings) == 0 with input as t.pod_with(t.base_container)
}
