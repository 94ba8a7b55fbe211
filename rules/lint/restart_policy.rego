# METADATA
# title: restart-policy
# description: The pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController sets a restartPolicy other than Always; these controllers keep their pods running, so the API server accepts only Always and rejects the object ('spec.template.spec.restartPolicy - Unsupported value - supported values - "Always"'). Jobs are checked by job-restart-policy; a bare Pod may use any policy.
# custom:
#   id: restart-policy
#   severity: error
#   category: correctness
#   remedy: Remove restartPolicy from the pod template (it defaults to Always); for work that should run to completion use a Job.
#   peers: [kube-linter:restart-policy]
package poddoctor.lint.restart_policy

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.long_running
	input.kind != "Pod"
	policy := object.get(k8s.pod_spec, "restartPolicy", "Always")
	policy != "Always"
	f := {
		"msg": sprintf("%s %s: the pod template's restartPolicy is %v; the API server accepts only Always here", [input.kind, input.metadata.name, policy]),
		"path": sprintf("%s.restartPolicy", [k8s.pod_spec_prefix]),
	}
}
