# METADATA
# title: startup-probe-failing
# description: A container's startup probe fails, so the kubelet restarts it before it ever counts as started.
# custom:
#   id: startup-probe-failing
#   severity: error
#   category: probes
#   remedy: Give the application enough time to start (failureThreshold x periodSeconds must exceed its slowest start), and check the probe's port, path or command.
package poddoctor.diagnose.startup_probe_failing

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.app_containers
	not c.started
	failures := d.probe_failures(c, "startup")
	count(failures) > 0
	newest := failures[0]
	f := {
		"msg": sprintf("container %q never finishes starting: its startup probe fails (%s): %s", [c.name, d.probe_config(c, "startup"), newest.output]),
		"container": c.name,
		"path": sprintf("%s.startupProbe", [c.path]),
		"evidence": [e.event.text | some e in failures],
	}
}
