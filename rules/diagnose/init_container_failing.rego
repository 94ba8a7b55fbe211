# METADATA
# title: init-container-failing
# description: An init container keeps failing, so the pod's app containers never start (the pod stays in Init:Error or Init:CrashLoopBackOff).
# custom:
#   id: init-container-failing
#   severity: error
#   category: containers
#   remedy: Read the init container's log and fix what it waits for or runs (a database migration, a dependency that is not up, a wrong command).
package poddoctor.diagnose.init_container_failing

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.init_containers
	failing(c)
	not d.has_error_cause(c)
	last := d.last_termination(c)
	last.exit.code != 0
	not last.reason == "OOMKilled"
	f := {
		"msg": sprintf("init container %q blocks the pod: it exited with %s%s", [c.name, d.exit_text(last.exit), restarts(c)]),
		"container": c.name,
		"path": c.path,
		"evidence": d.crash_evidence(c),
		"remedy": sprintf("The app containers start only after it succeeds. %s", [d.logs_remedy(c)]),
	}
}

failing(c) if c.state.reason == "CrashLoopBackOff"

failing(c) if {
	c.state.name == "terminated"
	c.state.exit.code != 0
}

restarts(c) := sprintf(" and has restarted %d times", [c.restartCount]) if c.restartCount > 0

restarts(c) := "" if c.restartCount == 0
