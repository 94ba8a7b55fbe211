# METADATA
# title: crash-loop
# description: A container keeps exiting and the kubelet restarts it with a growing back-off (CrashLoopBackOff). The cause is in its last exit code and in the log of the instance that crashed.
# custom:
#   id: crash-loop
#   severity: error
#   category: containers
#   remedy: Read the log of the crashed instance (kubectl logs --previous) and fix what makes the process exit; the exit code's meaning is in the message.
package poddoctor.diagnose.crash_loop

import data.poddoctor.lib.crash
import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.app_containers
	c.state.reason == "CrashLoopBackOff"
	not d.has_error_cause(c)
	last := d.last_termination(c)
	not last.reason == "OOMKilled"
	last.exit.code != 0
	not killed_by_liveness_probe(c, last)
	f := finding(c, last)
}

# A container that has crashed again and is waiting for its next restart:
# between the crash and the kubelet's next sync the status reads Terminated
# (kubectl shows the pod as Error), not yet CrashLoopBackOff, for seconds
# at a time. It is the same crash loop.
findings contains f if {
	not d.pod.restartPolicy in {"Never", "OnFailure"}
	some c in d.app_containers
	c.state.name == "terminated"
	c.restartCount > 0
	not d.has_error_cause(c)
	not c.state.reason == "OOMKilled"
	c.state.exit.code != 0
	not killed_by_liveness_probe(c, c.state)
	f := finding(c, c.state)
}

# Crash loops whose last exit is unknown (the status was saved mid-restart).
findings contains f if {
	some c in d.app_containers
	c.state.reason == "CrashLoopBackOff"
	not d.has_error_cause(c)
	not d.last_termination(c)
	f := {
		"msg": sprintf("container %q is crash-looping and has restarted %d times", [c.name, c.restartCount]),
		"container": c.name,
		"path": c.path,
		"evidence": d.crash_evidence(c),
		"remedy": d.logs_remedy(c),
	}
}

# The log says why: the cause, with the pod's other containers where they
# explain it; the exit code is only how it ended.
finding(c, last) := {
	"msg": sprintf("container %q is crash-looping: %s; it exited with %s and has restarted %d times", [c.name, crash.text(c), crash.exit_words(last.exit), c.restartCount]),
	"container": c.name,
	"path": c.path,
	"evidence": array.concat(d.crash_evidence(c), crash.evidence(c)),
	"remedy": sprintf("%s %s", [crash.remedy(c), d.logs_remedy(c)]),
} if crash.known(c)

# SIGTERM handled: the process was asked to stop and did.
finding(c, last) := {
	"msg": sprintf("container %q keeps being stopped: it exited on SIGTERM (exit code 143), a requested stop rather than a crash, and has restarted %d times", [c.name, c.restartCount]),
	"container": c.name,
	"path": c.path,
	"evidence": d.crash_evidence(c),
	"remedy": sprintf("Find what sends it SIGTERM: a preStop hook or a supervisor in the image, a process that signals its own group, or the kubelet (kubectl describe shows Killing events). %s", [d.logs_remedy(c)]),
} if {
	not crash.known(c)
	last.exit.code == 143
}

finding(c, last) := {
	"msg": sprintf("container %q is crash-looping: it exited with %s and has restarted %d times", [c.name, d.exit_text(last.exit), c.restartCount]),
	"container": c.name,
	"path": c.path,
	"evidence": d.crash_evidence(c),
	"remedy": remedy(c, last.exit),
} if {
	not crash.known(c)
	last.exit.code != 143
}

hints := {
	1: "The application reported an error and exited; its log says which.",
	2: "The program was started with wrong arguments or a shell script failed; check command and args.",
	126: "The command exists but cannot be executed: check its permissions and that it is a binary for this platform.",
	127: "The command was not found in the image: check command, args and the image's PATH.",
	134: "The process aborted (an assertion or abort()): the log shows the failed check.",
	137: "The process was killed with SIGKILL: by the kernel for memory (check kubectl describe for OOMKilled) or by the kubelet after a failed liveness probe or termination grace period.",
	139: "The process crashed with a segmentation fault: a bug in the program or a library built for another platform.",
}

remedy(c, exit) := sprintf("%s %s", [hints[exit.code], d.logs_remedy(c)])

remedy(c, exit) := d.logs_remedy(c) if not hints[exit.code]

# The kubelet kills a container whose liveness probe fails (SIGTERM, then
# SIGKILL): liveness-probe-failing explains that restart, not its exit code.
killed_by_liveness_probe(c, last) if {
	last.exit.code in {137, 143}
	count(d.probe_failures(c, "liveness")) > 0
}
