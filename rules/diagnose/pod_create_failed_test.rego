package poddoctor.diagnose.pod_create_failed_test

import data.poddoctor.diagnose.pod_create_failed
import data.poddoctor.diagnose.testfacts_test as t

# A workload facts document with the newest FailedCreate event of its
# controller (replicaset-controller, job-controller, ...), classified.
workload(kind, name, failure, message, extra) := {"schemaVersion": "poddoctor.io/facts/v1", "kind": "Workload", "workload": object.union(
	{
		"object": {"apiVersion": "apps/v1", "kind": kind, "namespace": "shop", "name": name},
		"desired": 3, "current": 0, "ready": 0, "conditions": {}, "events": [],
		"createFailure": object.union(failure, {"event": object.union(t.event("Warning", "FailedCreate", message, "create"), {"source": "replicaset-controller", "text": sprintf("Warning  FailedCreate  60s  replicaset-controller  %s", [message])})}),
	},
	extra,
)}

# kube-apiserver ResourceQuota admission.
quota_message := "Error creating: pods \"web-7d9f8b6c5d-x7k2p\" is forbidden: exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2"

test_quota if {
	facts := workload("ReplicaSet", "web-7d9f8b6c5d", {"cause": "quota", "object": "compute-quota", "requested": "requests.cpu=500m", "used": "requests.cpu=2", "limited": "requests.cpu=2", "detail": "exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2"}, quota_message, {})
	findings := pod_create_failed.findings with input as facts
	count(findings) == 1
	some f in findings
	f.msg == "ReplicaSet web-7d9f8b6c5d cannot create its pods (0 of 3 exist): exceeded quota compute-quota (requested requests.cpu=500m, used requests.cpu=2, limited to requests.cpu=2)"
	f.evidence == [sprintf("Warning  FailedCreate  60s  replicaset-controller  %s", [quota_message])]
	startswith(f.remedy, "Raise the ResourceQuota (kubectl describe resourcequota -n shop")
}

# "failed quota: ... must specify": a quota without the numbers.
test_quota_must_specify if {
	msg := "Error creating: pods \"web-7d9f8b6c5d-abcde\" is forbidden: failed quota: compute-resources: must specify limits.cpu,limits.memory,requests.cpu,requests.memory"
	facts := workload("ReplicaSet", "web-7d9f8b6c5d", {"cause": "quota", "object": "compute-resources", "detail": "failed quota: compute-resources: must specify limits.cpu,limits.memory,requests.cpu,requests.memory"}, msg, {})
	some f in pod_create_failed.findings with input as facts
	endswith(f.msg, "exceeded quota compute-resources: failed quota: compute-resources: must specify limits.cpu,limits.memory,requests.cpu,requests.memory")
}

# kube-apiserver v1.25+ PodSecurity admission, statefulset-controller.
test_pod_security if {
	detail := "violates PodSecurity \"baseline:latest\": privileged (container \"configure-sysctl\" must not set securityContext.privileged=true)"
	facts := workload("StatefulSet", "elasticsearch-master", {"cause": "pod-security", "object": "baseline:latest", "detail": detail}, sprintf("create Pod elasticsearch-master-0 in StatefulSet elasticsearch-master failed error: pods \"elasticsearch-master-0\" is forbidden: %s", [detail]), {})
	some f in pod_create_failed.findings with input as facts
	f.msg == sprintf("StatefulSet elasticsearch-master cannot create its pods (0 of 3 exist): the pod template violates the PodSecurity policy of the namespace: %s", [detail])
	startswith(f.remedy, "Change the pod template to meet the namespace's Pod Security level")
}

# OPA Gatekeeper's validating webhook denies the pod.
test_webhook_denied if {
	detail := "[resource-limits] container <web> has no cpu limit"
	facts := workload("ReplicaSet", "web-7d9f8b6c5d", {"cause": "webhook", "object": "validation.gatekeeper.sh", "detail": detail}, sprintf("Error creating: admission webhook \"validation.gatekeeper.sh\" denied the request: %s", [detail]), {})
	some f in pod_create_failed.findings with input as facts
	f.msg == sprintf("ReplicaSet web-7d9f8b6c5d cannot create its pods (0 of 3 exist): admission webhook validation.gatekeeper.sh denied the pod: %s", [detail])
	startswith(f.remedy, "Fix what the webhook's policy rejects")
}

# kube-apiserver v1.23+ with failurePolicy Fail and Kyverno down: nothing
# denied the pod, the webhook could not be called; the remedy is about
# the webhook's service, not its policy.
test_webhook_unreachable if {
	detail := "Internal error occurred: failed calling webhook \"validate.kyverno.svc\": failed to call webhook: Post \"https://kyverno-svc.kyverno.svc:443/validate?timeout=10s\": context deadline exceeded"
	facts := workload("ReplicaSet", "web-7d9f8b6c5d", {"cause": "webhook", "object": "validate.kyverno.svc", "unreachable": true, "detail": detail}, sprintf("Error creating: %s", [detail]), {})
	findings := pod_create_failed.findings with input as facts
	count(findings) == 1
	some f in findings
	f.msg == sprintf("ReplicaSet web-7d9f8b6c5d cannot create its pods (0 of 3 exist): admission webhook validate.kyverno.svc could not be called, and its failurePolicy refuses pods meanwhile: %s", [detail])
	not contains(f.msg, "denied")
	startswith(f.remedy, "The API server cannot reach the webhook")
	contains(f.remedy, "failurePolicy: Ignore")
}

# kube-apiserver ServiceAccount admission, daemonset-controller.
test_service_account if {
	facts := workload("DaemonSet", "kube-vip-ds", {"cause": "service-account", "object": "kube-vip", "detail": "error looking up service account kube-system/kube-vip: serviceaccount \"kube-vip\" not found"}, "Error creating: pods \"kube-vip-ds-\" is forbidden: error looking up service account kube-system/kube-vip: serviceaccount \"kube-vip\" not found", {})
	some f in pod_create_failed.findings with input as facts
	f.msg == "DaemonSet kube-vip-ds cannot create its pods (0 of 3 exist): ServiceAccount \"kube-vip\" does not exist"
	f.remedy == "Create the ServiceAccount in the namespace, or fix serviceAccountName in the pod template."
}

# A CronJob creates Jobs and has no desired count.
test_cronjob_creates_jobs if {
	facts := workload("CronJob", "nightly", {"cause": "other", "detail": "unable to create new content in namespace shop because it is being terminated"}, "Error creating job: jobs.batch \"nightly-29401\" is forbidden: unable to create new content in namespace shop because it is being terminated", {})
	some f in pod_create_failed.findings with input as facts
	f.msg == "CronJob nightly cannot create its Jobs: unable to create new content in namespace shop because it is being terminated"
	f.remedy == "Read the API server's answer in the evidence."
}

# kube-apiserver LimitRanger and validation.
test_limit_range_and_invalid if {
	lr := workload("ReplicaSet", "metrics-5dcfcd74cd", {"cause": "limit-range", "detail": "maximum cpu usage per Container is 1, but limit is 4"}, "Error creating: pods \"metrics-5dcfcd74cd-45hjs\" is forbidden: maximum cpu usage per Container is 1, but limit is 4", {})
	some f in pod_create_failed.findings with input as lr
	endswith(f.msg, ": maximum cpu usage per Container is 1, but limit is 4")
	startswith(f.remedy, "Fit the pod's requests and limits to the namespace's LimitRange")
}

test_without_create_failure_is_quiet if {
	facts := json.remove(workload("ReplicaSet", "web", {"cause": "other", "detail": "x"}, "x", {}), ["workload/createFailure"])
	count(pod_create_failed.findings) == 0 with input as facts
	count(pod_create_failed.findings) == 0 with input as t.pod_with(t.base_container)
}
