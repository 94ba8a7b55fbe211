# METADATA
# title: pod-create-failed
# description: A controller (ReplicaSet, StatefulSet, DaemonSet, Job or CronJob) cannot create its pods or Jobs, so there is no pod to look at; a ResourceQuota, a PodSecurity violation, an admission webhook or a missing ServiceAccount refuses them.
# custom:
#   id: pod-create-failed
#   severity: error
#   category: workloads
#   remedy: Read which admission step refused the pod in the message; raise or free the quota, fix the pod template to meet the Pod Security level, fix what the webhook rejects, or create the ServiceAccount.
package poddoctor.diagnose.pod_create_failed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	failure := d.workload.createFailure
	f := {
		"msg": sprintf("%s %s cannot create its %s: %s", [d.workload.object.kind, d.workload.object.name, counted, what(failure)]),
		"evidence": [failure.event.text],
		"remedy": remedy(failure),
	}
}

what(x) := sprintf("exceeded quota %s (requested %s, used %s, limited to %s)", [x.object, x.requested, x.used, x.limited]) if {
	x.cause == "quota"
	x.object
	x.requested
}

what(x) := sprintf("exceeded quota %s: %s", [x.object, x.detail]) if {
	x.cause == "quota"
	x.object
	not x.requested
}

what(x) := sprintf("the pod template violates the PodSecurity policy of the namespace: %s", [x.detail]) if x.cause == "pod-security"

what(x) := sprintf("admission webhook %s denied the pod: %s", [x.object, x.detail]) if {
	x.cause == "webhook"
	x.object
	not x.unreachable
}

# The API server could not call the webhook at all (failurePolicy Fail):
# no policy denied anything, the webhook's service is down.
what(x) := sprintf("admission webhook %s could not be called, and its failurePolicy refuses pods meanwhile: %s", [x.object, x.detail]) if {
	x.cause == "webhook"
	x.object
	x.unreachable
}

what(x) := x.detail if {
	x.cause == "webhook"
	not x.object
}

what(x) := sprintf("ServiceAccount %q does not exist", [x.object]) if x.cause == "service-account"

what(x) := x.detail if x.cause in {"limit-range", "invalid", "other"}

what(x) := x.detail if {
	x.cause == "quota"
	not x.object
}

remedy(x) := sprintf("Raise the ResourceQuota (kubectl describe resourcequota -n %s shows used and hard limits), lower the pod's requests, or free quota by scaling down something else.", [d.workload.object.namespace]) if x.cause == "quota"

remedy(x) := remedies[x.cause] if {
	x.cause != "quota"
	not x.unreachable
}

remedy(x) := "The API server cannot reach the webhook: check its Service, endpoints and pods (kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations names its service); a webhook that must not block pods while down needs failurePolicy: Ignore." if {
	x.cause == "webhook"
	x.unreachable
}

remedies := {
	"pod-security": "Change the pod template to meet the namespace's Pod Security level (the message lists each violation), or, if justified, change the namespace's pod-security.kubernetes.io/enforce label.",
	"webhook": "Fix what the webhook's policy rejects (its message says what), or ask the policy's owner for an exception.",
	"service-account": "Create the ServiceAccount in the namespace, or fix serviceAccountName in the pod template.",
	"limit-range": "Fit the pod's requests and limits to the namespace's LimitRange (kubectl describe limitrange).",
	"invalid": "The pod template is invalid: fix the field the API server names in the evidence.",
	"other": "Read the API server's answer in the evidence.",
}

# counted says what the controller creates and how many exist: a CronJob
# creates Jobs and keeps no desired count.
counted := "Jobs" if d.workload.object.kind == "CronJob"

counted := sprintf("pods (%d of %d exist)", [d.workload.current, d.workload.desired]) if d.workload.object.kind != "CronJob"
