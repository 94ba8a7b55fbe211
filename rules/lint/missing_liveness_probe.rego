# METADATA
# title: missing-liveness-probe
# description: A long-running container has no liveness probe, so a process that hangs without exiting is never restarted.
# custom:
#   id: missing-liveness-probe
#   severity: info
#   category: probes
#   remedy: Add a livenessProbe that fails only when the process is stuck (not when a dependency is down), with a generous failureThreshold.
#   peers: [kube-linter:no-liveness-probe, kube-score:pod-probes, polaris:livenessProbeMissing]
package poddoctor.lint.missing_liveness_probe

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.serving
	some c in k8s.containers
	c.field == "containers"
	not c.spec.livenessProbe
	f := {
		"msg": sprintf("container %q has no liveness probe", [c.name]),
		"path": c.path,
		"container": c.name,
	}
}
