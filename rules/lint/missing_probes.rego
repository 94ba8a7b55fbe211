# METADATA
# title: missing-readiness-probe
# description: A long-running container has no readiness probe, so it receives traffic from Services as soon as it starts, before it can answer, and keeps receiving it when it stops answering.
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
	some c in k8s.containers
	c.field == "containers"
	not c.spec.readinessProbe
	f := {
		"msg": sprintf("container %q has no readiness probe", [c.name]),
		"path": c.path,
		"container": c.name,
	}
}
