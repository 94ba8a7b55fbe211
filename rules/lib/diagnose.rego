# Helpers shared by the diagnosis policies: the words and evidence lines
# every finding about a pod or a container is made of. The input is one
# facts document (docs/facts.md): input.pod for kind Pod, input.workload
# for kind Workload.
package poddoctor.lib.diagnose

pod := input.pod

workload := input.workload

# containers are every container of the pod, init containers first.
containers := object.get(input, ["pod", "containers"], [])

# app_containers run for the pod's lifetime: regular ones and sidecars.
app_containers contains c if {
	some c in containers
	c.type in {"regular", "sidecar"}
}

# init_containers run to completion before the app containers start.
init_containers contains c if {
	some c in containers
	c.type == "init"
}

# kind_word names a container for a person: "container" or "init container".
kind_word(c) := "init container" if c.type == "init"

kind_word(c) := "sidecar container" if c.type == "sidecar"

kind_word(c) := "ephemeral container" if c.type == "ephemeral"

kind_word(c) := "container" if c.type == "regular"

# exit_text explains an exit: "exit code 137 (SIGKILL: killed: ...)".
exit_text(exit) := sprintf("exit code %d (%s: %s)", [exit.code, exit.signal, exit.meaning]) if exit.signal

exit_text(exit) := sprintf("exit code %d (%s)", [exit.code, exit.meaning]) if not exit.signal

# state_line renders a container state as kubectl describe names it.
state_line(label, s) := sprintf("%s: Terminated (%s), %s, finished %s ago", [label, object.get(s, "reason", "Error"), exit_text(s.exit), age(s.sinceSeconds)]) if {
	s.name == "terminated"
	s.sinceSeconds >= 0
}

state_line(label, s) := sprintf("%s: Terminated (%s), %s", [label, object.get(s, "reason", "Error"), exit_text(s.exit)]) if {
	s.name == "terminated"
	s.sinceSeconds < 0
}

state_line(label, s) := sprintf("%s: Waiting (%s)", [label, s.reason]) if s.name == "waiting"

state_line(label, s) := sprintf("%s: Running", [label]) if s.name == "running"

state_line(label, s) := sprintf("%s: unknown", [label]) if s.name == "unknown"

# age renders seconds the way kubectl does, roughly: 45s, 4m58s, 3h, 2d.
age(s) := "unknown time" if s < 0

age(s) := sprintf("%ds", [s]) if {
	s >= 0
	s < 120
}

age(s) := sprintf("%dm%ds", [floor(s / 60), s % 60]) if {
	s >= 120
	s < 600
}

age(s) := sprintf("%dm", [floor(s / 60)]) if {
	s >= 600
	s < 10800
}

age(s) := sprintf("%dh", [floor(s / 3600)]) if {
	s >= 10800
	s < 172800
}

age(s) := sprintf("%dd", [floor(s / 86400)]) if s >= 172800

# event_lines are the evidence lines of the events of some families.
event_lines(events, families) := [e.text | some e in events; e.family in families]

# warning_lines are the evidence lines of every Warning event.
warning_lines(events) := [e.text | some e in events; e.type == "Warning"]

# log_lines are a container's log tail as evidence, marked for the renderer.
log_lines(c) := [sprintf("| %s", [line]) | some line in c.logTail]

# restart_line says how often a container restarted.
restart_line(c) := sprintf("Restart count: %d", [c.restartCount])

# memory_limit is the container's memory limit, or "no limit".
memory_limit(c) := c.resources.limits.memory

memory_limit(c) := "no limit" if not c.resources.limits.memory

# pod_name is "namespace/name" of the pod.
pod_name := sprintf("%s/%s", [pod.object.namespace, pod.object.name])

# describe_command is the kubectl command that shows what this rule read.
describe_command := sprintf("kubectl describe pod -n %s %s", [pod.object.namespace, pod.object.name])

# pull_failing are the containers whose image cannot be pulled, with the
# classified cause.
pull_failing contains c if {
	some c in containers
	c.pullFailure
}

# typo_suggestion is the image a failing pull was most likely meant to be.
# Docker Hub answers a misspelled name with "pull access denied ... may
# require 'docker login'", so a near miss is checked before authentication.
typo_suggestion(c) := s if {
	not c.pullFailure.cause in {"rate-limited", "unreachable", "tls", "platform-mismatch", "never-pull", "invalid-name"}
	s := poddoctor.image.suggest(c.image)
}

# pull_evidence is the container's state and its image events.
pull_evidence(c) := array.concat([state_line("State", c.state)], event_lines(c.events, {"image-pull"}))

# typo_evidence adds the images the container pulled before, the proof of
# what it was meant to be.
typo_evidence(c) := array.concat(pull_evidence(c), event_lines(c.events, {"pulled"}))

# owner_text names the controller for a remedy: "Deployment shop/web".
owner_text := sprintf("%s %s/%s", [pod.owner.kind, pod.owner.namespace, pod.owner.name]) if pod.owner

owner_text := sprintf("pod %s", [pod_name]) if not pod.owner

# set_image_command changes a container's image where it is defined.
set_image_command(c, image) := sprintf("kubectl set image -n %s %s/%s %s=%s", [pod.owner.namespace, lower(pod.owner.kind), pod.owner.name, c.name, image]) if {
	pod.owner.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}
}

set_image_command(c, image) := sprintf("kubectl set image -n %s pod/%s %s=%s", [pod.object.namespace, pod.object.name, c.name, image]) if not pod.owner

# last_termination is the most recent termination of a container: the last state
# when it has restarted, else the current one.
last_termination(c) := c.lastState if c.lastState.name == "terminated"

last_termination(c) := c.state if {
	not c.lastState.name == "terminated"
	c.state.name == "terminated"
}

# crash_evidence is a crashing container's states, restarts, crash events
# and log tail.
crash_evidence(c) := array.concat(
	array.concat(array.concat(state_lines(c), termination_messages(c)), [restart_line(c)]),
	array.concat(event_lines(c.events, {"crash", "lifecycle"}), log_lines(c)),
)

# termination_messages are what the crashed process left in its
# termination message (terminationMessagePath, or the log tail with
# FallbackToLogsOnError): often the one line that explains the crash.
termination_messages(c) := [sprintf("Termination message: %s", [trim_space(s.message)]) |
	some s in [object.get(c, "lastState", {}), c.state]
	s.name == "terminated"
	trim_space(object.get(s, "message", "")) != ""
]

state_lines(c) := [state_line("State", c.state), state_line("Last state", c.lastState)] if c.lastState

state_lines(c) := [state_line("State", c.state)] if not c.lastState

# logs_remedy points at the log that explains a crash.
logs_remedy(c) := sprintf("Read the log of the crashed instance: %s", [c.logsCommand])

# has_error_cause holds when the runtime could not create or start the
# container: those findings explain the crash better than its exit code.
has_error_cause(c) if c.error.cause

# scheduling is the scheduler's newest verdict on a pending pod.
scheduling := pod.scheduling

# reasons_of are the scheduler's reasons of one category.
reasons_of(category) := [r | some r in scheduling.reasons; r.category == category]

# node_count renders "2 of 3 nodes" (or "2 nodes" when the total is unknown).
node_count(n) := sprintf("%d of %d nodes", [n, scheduling.totalNodes]) if scheduling.totalNodes > 0

node_count(n) := sprintf("%d nodes", [n]) if scheduling.totalNodes <= 0

# scheduling_evidence is the per-node breakdown of a mixed verdict, the
# scheduler's events and the PodScheduled condition.
scheduling_evidence := array.concat(breakdown_lines, array.concat(event_lines(pod.events, {"scheduling"}), condition_lines))

# cause_reasons are the scheduler's reasons of the category that keeps the
# pod off the nodes it could otherwise use (scheduling.cause).
cause_reasons := reasons_of(scheduling.cause)

# breakdown_lines list every per-node reason of a verdict that has several,
# marking the nodes the pod was never meant for.
breakdown_lines := [sprintf("Per node: %s", [concat("; ", [reason_text(r) | some r in scheduling.reasons])])] if count(scheduling.reasons) > 1

breakdown_lines := [] if count(object.get(object.get(pod, "scheduling", {}), "reasons", [])) <= 1

reason_text(r) := sprintf("%s: %s%s", [node_count(r.nodes), r.text, reason_role(r)]) if r.nodes >= 0

reason_text(r) := sprintf("%s%s", [r.text, reason_role(r)]) if r.nodes < 0

reason_role(r) := " (control-plane nodes, not meant for this pod)" if r.controlPlane

reason_role(r) := " (the cause)" if {
	not r.controlPlane
	r.category == scheduling.cause
}

reason_role(r) := "" if {
	not r.controlPlane
	r.category != scheduling.cause
}

condition_lines := [sprintf("Condition PodScheduled=False (%s): %s", [c.reason, c.message])] if {
	c := pod.conditions.PodScheduled
	c.status == "False"
	count(event_lines(pod.events, {"scheduling"})) == 0
}

condition_lines := [] if {
	not pod.conditions.PodScheduled.status == "False"
}

condition_lines := [] if count(event_lines(pod.events, {"scheduling"})) > 0

# probe_failures are a container's Unhealthy events for one kind of probe.
probe_failures(c, kind) := [p | some p in c.probeFailures; p.probe == kind]

# probe_config renders the configured probe: "GET :8080/healthz every 10s,
# failing after 3".
probe_config(c, kind) := sprintf("%s every %ds, failing after %d", [p.target, p.periodSeconds, p.failureThreshold]) if {
	some p in c.probes
	p.kind == kind
}

probe_config(c, kind) := "not configured in the snapshot" if {
	not kind in {p.kind | some p in c.probes}
}

# count_text renders "1 pod", "3 pods".
count_text(n, word) := sprintf("%d %s", [n, word]) if n == 1

count_text(n, word) := sprintf("%d %ss", [n, word]) if n != 1
