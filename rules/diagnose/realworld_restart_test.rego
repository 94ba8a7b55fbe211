# Issue 18, class 7: the seed's `kubectl exec ... -- kill 1`, explained at info level.
package poddoctor.diagnose.realworld_restart_test

import data.poddoctor.diagnose.container_completed_restarting
import data.poddoctor.diagnose.container_restarted_cleanly
import data.poddoctor.diagnose.stuck_terminating
import data.poddoctor.diagnose.testfacts_test as t

killed_twice := t.container({
	"state": {"name": "running", "sinceSeconds": 40},
	"lastState": {"name": "terminated", "reason": "Completed", "exit": {"code": 0, "meaning": "completed successfully"}, "sinceSeconds": 41, "ranSeconds": 30},
	"restartCount": 2,
})

test_kill_1_is_explained_at_info if {
	some f in container_restarted_cleanly.findings with input as t.pod_with(killed_twice)
	f.msg == "the container \"web\" ended cleanly and was restarted by the kubelet: its main process exited with code 0 (Completed), by itself or by a signal it handled (such as `kill 1`, or a SIGTERM it traps); 2 restarts so far, the last one 41s ago; it is running again (restartPolicy Always restarts a container whatever its exit code)"
	count(container_completed_restarting.findings) == 0 with input as t.pod_with(killed_twice)
}

test_old_restart_is_not_news if {
	c := object.union(killed_twice, {"lastState": {"sinceSeconds": 7200}})
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(c)
}

test_crash_exit_is_not_clean if {
	c := object.union(killed_twice, {"lastState": {"reason": "Error", "exit": {"code": 1, "meaning": "application error"}}})
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(c)
}

test_never_restarted_is_quiet if {
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(t.base_container)
}

terminating(overdue) := t.pod({
	"deletion": {"overdueSeconds": overdue, "gracePeriodSeconds": 30, "finalizers": ["example.com/registry-cleanup"]},
	"containers": [t.container({"state": {"name": "terminated", "reason": "Completed", "exit": {"code": 0, "meaning": "completed successfully"}, "sinceSeconds": 5}, "ready": false})],
})

test_stopped_pod_with_finalizers_is_named_whatever_the_clock if {
	some f in stuck_terminating.findings with input as terminating(-20)
	f.msg == "the pod was deleted and all its containers have stopped, but finalizers keep it: example.com/registry-cleanup"
}

test_pod_still_running_within_grace_is_quiet if {
	facts := t.pod({"deletion": {"overdueSeconds": -20, "gracePeriodSeconds": 30, "finalizers": ["example.com/registry-cleanup"]}})
	count(stuck_terminating.findings) == 0 with input as facts
}

test_program_that_returns_at_once_is_not_a_kill if {
	c := object.union(killed_twice, {"lastState": {"ranSeconds": 0}})
	count(container_restarted_cleanly.findings) == 0 with input as t.pod_with(c)
}
