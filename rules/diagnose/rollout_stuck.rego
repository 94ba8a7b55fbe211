# METADATA
# title: rollout-stuck
# description: A Deployment's rollout stopped progressing within its progressDeadlineSeconds (ProgressDeadlineExceeded); the new ReplicaSet's pods do not become ready, and the finding says why they are stuck.
# custom:
#   id: rollout-stuck
#   severity: error
#   category: workloads
#   remedy: Fix what keeps the new pods from becoming ready (see their own findings), or roll back with kubectl rollout undo deployment/NAME.
package poddoctor.diagnose.rollout_stuck

import data.poddoctor.lib.diagnose as d

findings contains f if {
	c := d.workload.conditions.Progressing
	c.status == "False"
	c.reason == "ProgressDeadlineExceeded"
	f := {
		"msg": sprintf("Deployment %s rollout is stuck (%s)%s", [d.workload.object.name, ready_text, pods_text]),
		"evidence": array.concat([condition_line(c)], problem_lines),
		"remedy": sprintf("Fix what keeps the new pods from becoming ready, or roll back: kubectl rollout undo -n %s deployment/%s", [d.workload.object.namespace, d.workload.object.name]),
	}
}

rollout := d.workload.rollout

pods_text := sprintf(": ReplicaSet %s has %s, %s", [rollout.newReplicaSet, d.count_text(rollout.failingPods, "failing pod"), problems_text]) if rollout.failingPods > 0

pods_text := "" if not rollout.failingPods > 0

problems_text := concat(", ", [sprintf("%d in %s", [p.pods, p.reason]) | some p in rollout.podProblems])

problem_lines := [sprintf("%s %s, for example %s (kubectl describe pod -n %s %s)", [d.count_text(p.pods, "pod"), p.reason, p.example, d.workload.object.namespace, p.example]) | some p in rollout.podProblems]

# ready_text counts the new ReplicaSet's ready pods: the Deployment's own
# ready count includes the old ReplicaSet's pods, which still serve.
ready_text := sprintf("new ReplicaSet %s has %d of %d replicas ready; %d of %d ready in all, old ReplicaSets included", [rollout.newReplicaSet, rollout.newReady, rollout.newDesired, d.workload.ready, d.workload.desired]) if rollout.newReplicaSet

ready_text := sprintf("%d of %d replicas ready", [d.workload.ready, d.workload.desired]) if not rollout.newReplicaSet

condition_line(c) := sprintf("Condition Progressing=False (ProgressDeadlineExceeded): %s", [c.message]) if c.message

# kubectl describe prints the condition without its message.
condition_line(c) := "Condition Progressing=False (ProgressDeadlineExceeded)" if not c.message
