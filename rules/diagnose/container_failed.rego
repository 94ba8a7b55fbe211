# METADATA
# title: container-failed
# description: A container of a pod that is not restarted (restartPolicy Never, or a failed pod) terminated with a non-zero exit code.
# custom:
#   id: container-failed
#   severity: error
#   category: containers
#   remedy: Read the container's log and fix the cause of the exit; the exit code's meaning is in the message.
package poddoctor.diagnose.container_failed

import data.poddoctor.lib.crash
import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.pod.restartPolicy in {"Never", "OnFailure"}
	not stopped_by_kubelet
	some c in d.app_containers
	c.state.name == "terminated"
	c.state.exit.code != 0
	not c.state.reason == "OOMKilled"
	not d.has_error_cause(c)
	not killed_by_liveness_probe(c)
	f := object.union(
		{
			"container": c.name,
			"path": c.path,
			"evidence": array.concat(array.concat([d.state_line("State", c.state)], termination_message(c)), d.log_lines(c)),
		},
		explained(c),
	)
}

# The log says why: the cause, with the pod's other containers where they
# explain it.
explained(c) := {
	"msg": sprintf("container %q failed: %s; it exited with %s", [c.name, crash.text(c), crash.exit_words(c.state.exit)]),
	"remedy": sprintf("%s Read its log: %s", [crash.remedy(c), c.logsCommand]),
	"evidence": array.concat(array.concat(array.concat([d.state_line("State", c.state)], termination_message(c)), d.log_lines(c)), crash.evidence(c)),
} if crash.known(c)

# A handled SIGTERM is a stop, not a failure of the program.
explained(c) := {
	"msg": sprintf("container %q was stopped before it finished: it exited on SIGTERM (exit code 143), a requested stop rather than a crash", [c.name]),
	"remedy": sprintf("Find what asked it to stop: the Job's activeDeadlineSeconds, a deletion, a preStop hook or a supervisor in the image. Read its log: %s", [c.logsCommand]),
} if {
	not crash.known(c)
	c.state.exit.code == 143
}

explained(c) := {
	"msg": sprintf("container %q failed with %s", [c.name, d.exit_text(c.state.exit)]),
	"remedy": sprintf("Read its log: %s", [c.logsCommand]),
} if {
	not crash.known(c)
	c.state.exit.code != 143
}

termination_message(c) := [sprintf("Termination message: %s", [trim_space(c.state.message)])] if trim_space(object.get(c.state, "message", "")) != ""

termination_message(c) := [] if trim_space(object.get(c.state, "message", "")) == ""

# The kubelet killed it for its liveness probe: liveness-probe-failing
# says so, and the exit code is the kubelet's signal, not a crash.
killed_by_liveness_probe(c) if {
	c.state.exit.code in {137, 143}
	count(d.probe_failures(c, "liveness")) > 0
}

# The kubelet stopped these containers itself: deadline-exceeded and
# evicted say why, and their exit code is the kubelet's own signal.
stopped_by_kubelet if d.pod.reason in {"DeadlineExceeded", "Evicted"}
