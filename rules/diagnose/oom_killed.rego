# METADATA
# title: oom-killed
# description: A container was killed by the kernel for using more memory than its limit (OOMKilled, exit code 137).
# custom:
#   id: oom-killed
#   severity: error
#   category: containers
#   remedy: Raise resources.limits.memory above the container's real peak, or lower what it uses (heap size flags such as -Xmx or GOMEMLIMIT must stay below the limit).
package poddoctor.diagnose.oom_killed

import data.poddoctor.lib.diagnose as d

findings contains f if {
	some c in d.containers
	last := d.last_termination(c)
	last.reason == "OOMKilled"
	f := {
		"msg": sprintf("the %s %q was killed for running out of memory (OOMKilled) %s%s", [d.kind_word(c), c.name, limit_text(c), restarts(c)]),
		"container": c.name,
		"path": sprintf("%s.resources.limits", [c.path]),
		"evidence": d.crash_evidence(c),
		"remedy": remedy(c),
	}
}

remedy(c) := sprintf("Raise resources.limits.memory above %s (the container's real peak plus headroom), or lower its use; heap flags such as -Xmx or GOMEMLIMIT must stay below the limit.", [c.resources.limits.memory]) if c.resources.limits.memory

remedy(c) := "The container has no memory limit, so the node itself ran out of memory: set requests and limits from the container's real use, and check what else runs on the node." if not c.resources.limits.memory

restarts(c) := sprintf("; it has restarted %d times", [c.restartCount]) if c.restartCount > 0

restarts(c) := "" if c.restartCount == 0

# limit_text never says "limit of no limit": without a limit, the node or
# the pod's cgroup ran out of memory, not the container's own limit.
limit_text(c) := sprintf("at its memory limit of %s", [c.resources.limits.memory]) if c.resources.limits.memory

limit_text(c) := "without a memory limit of its own (the node, or the pod as a whole, ran out of memory)" if not c.resources.limits.memory
