# Facts documents for the diagnosis policy tests, shaped as pkg/diagnose
# builds them (docs/facts.md). Each test overrides what it is about.
package poddoctor.diagnose.testfacts_test

base_container := {
	"name": "web",
	"type": "regular",
	"image": "nginx:1.27",
	"path": "spec.containers[0]",
	"state": {"name": "running", "sinceSeconds": 600},
	"restartCount": 0,
	"ready": true,
	"started": true,
	"resources": {"requests": {}, "limits": {}},
	"probes": [],
	"configRefs": [],
	"events": [],
	"probeFailures": [],
	"logTail": [],
	"logsCommand": "kubectl logs -n shop web-1 -c web",
}

container(overrides) := object.union(base_container, overrides)

base_pod := {
	"object": {"apiVersion": "v1", "kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "u1"},
	"owner": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
	"ownerChain": [],
	"phase": "Running",
	"nodeName": "node-1",
	"restartPolicy": "Always",
	"ageSeconds": 3600,
	"conditions": {},
	"schedulingGates": [],
	"containers": [base_container],
	"events": [],
	"mounts": [],
	"pulledImages": [],
	"volumes": [],
}

pod(overrides) := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Pod", "pod": object.union(base_pod, overrides)}

pod_with(c) := pod({"containers": [c]})

event(type, reason, message, family) := {
	"type": type, "reason": reason, "message": message, "count": 1,
	"firstSeenSeconds": 60, "lastSeenSeconds": 60, "source": "kubelet",
	"family": family, "age": "60s", "text": sprintf("%s  %s  60s  kubelet  %s", [type, reason, message]),
}
