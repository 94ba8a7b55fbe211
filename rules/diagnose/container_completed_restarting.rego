# METADATA
# title: container-completed-restarting
# description: A container exits successfully (exit code 0) but the pod's restartPolicy is Always, so the kubelet restarts it again and again; a run-to-completion program is deployed as a long-running workload, or its main process returns too early.
# custom:
#   id: container-completed-restarting
#   severity: warning
#   category: containers
#   remedy: Run a task that finishes as a Job or CronJob; for a server, make the main process stay in the foreground (no daemonizing, no `&` in the start script).
package poddoctor.diagnose.container_completed_restarting

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.app_containers
	always(c)
	c.restartCount > 0
	last := d.last_termination(c)
	last.exit.code == 0
	restarting(c)
	f := {
		"msg": sprintf("container %q exits successfully (exit code 0) and is restarted because %s; it has restarted %d times", [c.name, why[c.type], c.restartCount]),
		"container": c.name,
		"path": c.path,
		"evidence": d.crash_evidence(c),
	}
}

restarting(c) if c.state.reason == "CrashLoopBackOff"

restarting(c) if c.state.name == "terminated"

# The kubelet restarts a sidecar (an init container with restartPolicy
# Always) whatever the pod's restartPolicy, so a sidecar that returns at
# once loops in a Job's pod too.
always(c) if d.pod.restartPolicy == "Always"

always(c) if c.type == "sidecar"

why := {"regular": "restartPolicy is Always", "sidecar": "a sidecar container is always restarted"}
