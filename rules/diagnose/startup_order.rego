# METADATA
# title: startup-order
# description: A container failed to connect to a sibling of its pod while that sibling was still starting, was restarted and now runs. Containers of a pod start together; one that needs another must wait for it.
# custom:
#   id: startup-order
#   severity: info
#   category: containers
#   remedy: Start the dependency first (a native sidecar, an init container with restartPolicy Always, with a startupProbe), or make the dependent container retry instead of exiting.
package poddoctor.diagnose.startup_order

import data.poddoctor.lib.crash
import data.poddoctor.lib.diagnose as d

# startup_window is how long after a sibling started a refused connection
# to it counts as "it was still starting", in seconds.
startup_window := 60

findings contains f if {
	some c in d.app_containers
	c.state.name == "running"
	c.lastState.name == "terminated"
	c.lastState.exit.code != 0
	lc := c.logCause
	lc.cause == "connection-refused"
	crash.loopback(lc)
	lc.port > 0
	some owner in crash.port_owners(c, lc.port)
	some s in d.containers
	s.name == owner.name
	s.state.name == "running"
	s.state.sinceSeconds >= 0
	c.lastState.sinceSeconds >= 0
	# The sibling had been running for less than the window when c failed
	# (or started after): it was still starting.
	s.state.sinceSeconds - c.lastState.sinceSeconds < startup_window
	delay := s.state.sinceSeconds - c.lastState.sinceSeconds
	f := {
		"msg": sprintf("the %s %q failed while container %q was starting and has recovered: it could not connect to %s:%d, which %q serves, %s; it has restarted %s", [d.kind_word(c), c.name, s.name, lc.host, lc.port, s.name, when(delay, s.name), d.count_text(c.restartCount, "time")]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat(
			array.concat([d.state_line("State", c.state), d.state_line("Last state", c.lastState), sprintf("Container %s: running for %s", [s.name, d.age(s.state.sinceSeconds)])], d.termination_messages(c)),
			array.concat(d.log_lines(c), crash.evidence(c)),
		),
		"remedy": advice(c, s),
	}
}

when(delay, name) := sprintf("%s after %q started", [d.age(delay), name]) if delay >= 0

when(delay, name) := sprintf("before %q started", [name]) if delay < 0

# The dependency is a native sidecar: a startupProbe on it holds back the
# containers after it until it serves.
advice(c, s) := sprintf("Give the sidecar %q a startupProbe on its port: the kubelet then starts %q only once %q serves. Or let %q retry the connection instead of exiting.", [s.name, c.name, s.name, c.name]) if s.type == "sidecar"

# A native sidecar always starts before the app containers: it has to wait
# for them itself.
advice(c, s) := sprintf("A native sidecar starts before the app containers, so %q will always run before %q serves: let it retry the connection or wait for the port instead of exiting; a startupProbe on %q does not delay it.", [c.name, s.name, s.name]) if {
	s.type != "sidecar"
	c.type == "sidecar"
}

advice(c, s) := sprintf("Start %q before %q: make %q a native sidecar (an init container with restartPolicy: Always, Kubernetes 1.29+) with a startupProbe on its port, so %q starts only once it serves; or let %q retry the connection instead of exiting.", [s.name, c.name, s.name, c.name, c.name]) if {
	s.type != "sidecar"
	c.type != "sidecar"
}
