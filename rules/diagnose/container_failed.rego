# METADATA
# title: container-failed
# description: A container of a pod that is not restarted (restartPolicy Never, or a failed pod) terminated with a non-zero exit code.
# custom:
#   id: container-failed
#   severity: error
#   category: containers
#   remedy: Read the container's log and fix the cause of the exit; the exit code's meaning is in the message.
package poddoctor.diagnose.container_failed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.restartPolicy in {"Never", "OnFailure"}
	not stopped_by_kubelet
	some c in d.app_containers
	c.state.name == "terminated"
	c.state.exit.code != 0
	not c.state.reason == "OOMKilled"
	not d.has_error_cause(c)
	f := {
		"msg": sprintf("container %q failed with %s", [c.name, d.exit_text(c.state.exit)]),
		"container": c.name,
		"path": c.path,
		"evidence": array.concat(array.concat([d.state_line("State", c.state)], termination_message(c)), d.log_lines(c)),
		"remedy": sprintf("Read its log: %s", [c.logsCommand]),
	}
}

termination_message(c) := [sprintf("Termination message: %s", [c.state.message])] if c.state.message

termination_message(c) := [] if not c.state.message

# The kubelet stopped these containers itself: deadline-exceeded and
# evicted say why, and their exit code is the kubelet's own signal.
stopped_by_kubelet if d.pod.reason in {"DeadlineExceeded", "Evicted"}
