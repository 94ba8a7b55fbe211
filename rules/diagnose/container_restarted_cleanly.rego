# METADATA
# title: container-restarted-cleanly
# description: A long-running container's main process ended with exit code 0 (by itself, or by a signal it handled, such as kubectl exec ... -- kill 1), and the kubelet restarted it because the restartPolicy is Always; it runs again now.
# custom:
#   id: container-restarted-cleanly
#   severity: info
#   category: containers
#   remedy: If nobody stopped it on purpose (kill 1, a reload that exits, an admin exec), find out why the main process returned, from its log before the restart (kubectl logs --previous); a server should stay in the foreground.
package poddoctor.diagnose.container_restarted_cleanly

import data.poddoctor.lib.diagnose as d

# recent is how long ago, in seconds, a restart still counts as news.
recent := 3600

# min_run is how long, in seconds, the ended instance must have run.
min_run := 10

findings contains f if {
	some c in d.app_containers
	always(c)
	c.restartCount > 0
	c.state.name == "running"
	c.lastState.name == "terminated"
	c.lastState.exit.code == 0
	c.lastState.sinceSeconds < recent
	# A program that returns at once is container-completed-restarting,
	# caught between two back-offs; a server stopped by a signal had run.
	object.get(c.lastState, "ranSeconds", -1) != -1
	c.lastState.ranSeconds >= min_run
	f := {
		"msg": sprintf("the %s %q ended cleanly and was restarted by the kubelet: its main process exited with code 0 (%s), by itself or by a signal it handled (such as `kill 1`, or a SIGTERM it traps); %s so far, the last one %s ago; it is running again%s", [d.kind_word(c), c.name, object.get(c.lastState, "reason", "Completed"), d.count_text(c.restartCount, "restart"), when(c.lastState.sinceSeconds), policy_text(c)]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat(array.concat(d.state_lines(c), [d.restart_line(c)]), d.event_lines(c.events, {"lifecycle", "crash", "other"})),
	}
}

always(c) if d.pod.restartPolicy == "Always"

always(c) if c.type == "sidecar"

when(s) := d.age(s) if s >= 0

when(s) := "an unknown time" if s < 0

policy_text(c) := " (restartPolicy Always restarts a container whatever its exit code)" if c.type == "regular"

policy_text(c) := " (a sidecar container is always restarted)" if c.type == "sidecar"
