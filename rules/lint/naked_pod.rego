# METADATA
# title: naked-pod
# description: A Pod is created directly, without a Deployment, StatefulSet, DaemonSet or Job, so nothing replaces it when its node fails or it is evicted. Run-once pods (Helm hooks and tests, restartPolicy Never or OnFailure) are left out. Off by default (profile strict).
# custom:
#   id: naked-pod
#   severity: info
#   category: availability
#   profile: strict
#   remedy: Wrap the pod template in a Deployment (or a StatefulSet, DaemonSet or Job, whichever fits).
package poddoctor.lint.naked_pod

import data.poddoctor.lib.k8s

findings contains f if {
	input.kind == "Pod"
	not k8s.run_once
	count(k8s.as_array(object.get(k8s.as_object(input.metadata), "ownerReferences", []))) == 0
	f := {
		"msg": sprintf("Pod %s has no controller to replace it", [input.metadata.name]),
		"path": "metadata",
	}
}
