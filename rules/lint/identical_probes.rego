# METADATA
# title: identical-probes
# description: A container's liveness probe is the same check as its readiness probe, so a container that is only busy or waiting on a dependency (not ready) is also killed and restarted, which turns a slow moment into a restart loop. Off by default (profile strict) - many charts use one health endpoint for both, which is fine when it checks nothing external.
# custom:
#   id: identical-probes
#   severity: info
#   category: probes
#   profile: strict
#   remedy: Make the liveness probe check only that the process is alive (a cheap endpoint, a longer period and failureThreshold), and keep dependency checks in the readiness probe.
#   peers: [kube-score:pod-probes-identical]
package poddoctor.lint.identical_probes

import data.poddoctor.lib.k8s

handlers := ["httpGet", "tcpSocket", "grpc", "exec"]

findings contains f if {
	some c in k8s.app_containers
	live := k8s.as_object(object.get(c.spec, "livenessProbe", {}))
	ready := k8s.as_object(object.get(c.spec, "readinessProbe", {}))
	some h in handlers
	live[h]
	live[h] == ready[h]
	f := {
		"msg": sprintf("container %q: the liveness probe is the same %s check as the readiness probe", [c.name, h]),
		"path": sprintf("%s.livenessProbe", [c.path]),
		"container": c.name,
	}
}
