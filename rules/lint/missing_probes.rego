# METADATA
# title: missing-readiness-probe
# description: No container of a long-running pod has a readiness probe, so the pod receives traffic from Services as soon as it starts, before it can answer, and keeps receiving it when it stops answering. A pod is Ready when all its containers are, so one probe (on the serving container) covers the pod; not reported when the input defines Services and none of them selects the pod (a queue worker receives no Service traffic).
# custom:
#   id: missing-readiness-probe
#   severity: info
#   category: probes
#   remedy: Add a readinessProbe that checks the container can serve (an HTTP endpoint or a TCP port it listens on).
#   peers: [kube-linter:no-readiness-probe, kube-score:pod-probes, polaris:readinessProbeMissing]
package poddoctor.lint.missing_readiness_probe

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.serving
	not k8s.any_container_probe("readinessProbe")
	not k8s.outside_every_service
	some c in k8s.containers
	c.field == "containers"
	f := {
		"msg": sprintf("container %q has no readiness probe", [c.name]),
		"path": c.path,
		"container": c.name,
	}
}
