# METADATA
# title: liveness-probe-failing
# description: A container's liveness probe fails, so the kubelet kills and restarts it; a probe that checks a dependency, starts too early or times out too soon restarts healthy containers.
# custom:
#   id: liveness-probe-failing
#   severity: error
#   category: probes
#   remedy: Check the probe against what the process really serves (port, path, command); give slow starts a startupProbe or a larger initialDelaySeconds, and make liveness check only the process itself, not its dependencies.
package poddoctor.diagnose.liveness_probe_failing

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.app_containers
	failures := d.probe_failures(c, "liveness")
	count(failures) > 0
	newest := failures[0]
	f := {
		"msg": sprintf("the liveness probe of container %q fails (%s): %s; the container has restarted %d times", [c.name, d.probe_config(c, "liveness"), newest.output, c.restartCount]),
		"container": c.name,
		"path": sprintf("%s.livenessProbe", [c.path]),
		"evidence": array.concat([e.event.text | some e in failures], d.event_lines(c.events, {"lifecycle"})),
	}
}
