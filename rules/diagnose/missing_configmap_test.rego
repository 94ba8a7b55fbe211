package poddoctor.diagnose.missing_configmap_test

import data.poddoctor.diagnose.missing_config_key
import data.poddoctor.diagnose.missing_configmap
import data.poddoctor.diagnose.missing_secret
import data.poddoctor.diagnose.testfacts_test as t

# kubelet v1.10+ (configmap manager): `configmap "app-config" not found`,
# as the waiting message and as the "Error: " Failed event.
config_error(error, message) := t.container({
	"name": "web", "ready": false, "started": false,
	"state": {"name": "waiting", "reason": "CreateContainerConfigError", "message": message, "sinceSeconds": -1},
	"error": error,
	"events": [
		t.event("Warning", "Failed", sprintf("Error: %s", [message]), "container"),
		t.event("Normal", "Pulled", "Container image \"nginx:1.27\" already present on machine", "pulled"),
	],
})

missing := config_error({"cause": "missing-configmap", "object": "app-config", "objectKind": "ConfigMap", "detail": "configmap \"app-config\" not found"}, "configmap \"app-config\" not found")

test_configmap_not_found if {
	findings := missing_configmap.findings with input as t.pod_with(missing)
	count(findings) == 1
	some f in findings
	f.msg == "the container \"web\" cannot start: ConfigMap \"app-config\" does not exist in namespace shop"
	f.container == "web"
	f.path == "spec.containers[0]"
	f.remedy == "Create it (kubectl create configmap -n shop app-config ...) or fix the name the pod template refers to."
	# the container's Failed event, not the image event
	f.evidence == ["State: Waiting (CreateContainerConfigError)", "Warning  Failed  60s  kubelet  Error: configmap \"app-config\" not found"]
}

test_init_container if {
	c := object.union(missing, {"name": "render-config", "type": "init", "path": "spec.initContainers[0]"})
	some f in missing_configmap.findings with input as t.pod({"containers": [c, t.base_container]})
	startswith(f.msg, "the init container \"render-config\" cannot start")
	f.path == "spec.initContainers[0]"
}

# A missing key of an existing ConfigMap, or a missing Secret, are other
# findings; a container that started is fine.
test_other_config_errors_are_quiet if {
	key := config_error({"cause": "missing-config-key", "key": "DB_HOST", "object": "app-config", "objectKind": "ConfigMap", "detail": "couldn't find key DB_HOST in ConfigMap shop/app-config"}, "couldn't find key DB_HOST in ConfigMap shop/app-config")
	count(missing_configmap.findings) == 0 with input as t.pod_with(key)
	count(missing_config_key.findings) == 1 with input as t.pod_with(key)
	secret := config_error({"cause": "missing-secret", "object": "app-config", "objectKind": "Secret", "detail": "secret \"app-config\" not found"}, "secret \"app-config\" not found")
	count(missing_configmap.findings) == 0 with input as t.pod_with(secret)
	count(missing_secret.findings) == 1 with input as t.pod_with(secret)
	count(missing_configmap.findings) == 0 with input as t.pod_with(t.base_container)
}
