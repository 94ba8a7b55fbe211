# METADATA
# title: readiness-probe-failing
# description: A container's readiness probe fails, so the pod is not ready and Services send it no traffic.
# custom:
#   id: readiness-probe-failing
#   severity: warning
#   category: probes
#   remedy: Check the probe against what the process serves (port, path, command) and what it needs to be ready (a database, a warm cache); the probe's own output is in the evidence.
package poddoctor.diagnose.readiness_probe_failing

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.app_containers
	not c.ready
	failures := d.probe_failures(c, "readiness")
	count(failures) > 0
	newest := failures[0]
	f := {
		"msg": sprintf("container %q is not ready: its readiness probe fails (%s): %s", [c.name, d.probe_config(c, "readiness"), newest.output]),
		"container": c.name,
		"path": sprintf("%s.readinessProbe", [c.path]),
		"evidence": [e.event.text | some e in failures],
	}
}
