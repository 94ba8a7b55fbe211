# METADATA
# title: missing-liveness-probe
# description: A long-running pod's main container (the one kubectl.kubernetes.io/default-container names, else the first) has no liveness probe, or no container of the pod has one, so a process that hangs without exiting is never restarted. Sidecars (proxies, config reloaders) of a pod whose main container has a probe are not reported.
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
	reported(c)
	f := {
		"msg": sprintf("container %q has no liveness probe", [c.name]),
		"path": c.path,
		"container": c.name,
	}
}

reported(_) if not pod_has_liveness

# pod_has_liveness is a rule, evaluated once per pod rather than once per
# container (a pod of 10,000 containers must not cost 10,000² steps).
pod_has_liveness if k8s.any_container_probe("livenessProbe")

reported(c) if c.name == main_container

# main_container is the container kubectl logs and exec pick: the one the
# kubectl.kubernetes.io/default-container annotation names, else the first.
main_container := name if {
	name := k8s.pod_template_metadata.annotations["kubectl.kubernetes.io/default-container"]
	is_string(name)
} else := name if {
	some c in k8s.containers
	c.field == "containers"
	c.index == 0
	name := c.name
}
