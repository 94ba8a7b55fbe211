package poddoctor.diagnose.containers_test

import data.poddoctor.diagnose.command_not_found
import data.poddoctor.diagnose.container_completed_restarting
import data.poddoctor.diagnose.container_failed
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.init_container_failing
import data.poddoctor.diagnose.missing_config_key
import data.poddoctor.diagnose.missing_configmap
import data.poddoctor.diagnose.missing_secret
import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.run_container_error
import data.poddoctor.diagnose.testfacts_test as t

terminated(code, reason, signal, meaning) := {
	"name": "terminated", "reason": reason, "sinceSeconds": 41,
	"exit": object.union({"code": code, "meaning": meaning}, signal_field(signal)),
}

signal_field(s) := {"signal": s} if s != ""

signal_field(s) := {} if s == ""

backoff := {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container", "sinceSeconds": -1}

crashing(last) := t.container({"state": backoff, "lastState": last, "restartCount": 6, "ready": false, "logTail": ["FATAL: password authentication failed for user \"app\""]})

test_crash_loop_explains_exit_and_log if {
	facts := t.pod_with(crashing(terminated(1, "Error", "", "general error")))
	some f in crash_loop.findings with input as facts
	f.msg == "container \"web\" is crash-looping: it exited with exit code 1 (general error) and has restarted 6 times"
	"| FATAL: password authentication failed for user \"app\"" in f.evidence
	"Last state: Terminated (Error), exit code 1 (general error), finished 41s ago" in f.evidence
	contains(f.remedy, "--previous") == false
	contains(f.remedy, "kubectl logs -n shop web-1 -c web")
}

test_crash_loop_signal if {
	facts := t.pod_with(crashing(terminated(139, "Error", "SIGSEGV", "segmentation fault")))
	some f in crash_loop.findings with input as facts
	contains(f.msg, "exit code 139 (SIGSEGV: segmentation fault)")
	contains(f.remedy, "segmentation fault")
}

test_crash_loop_between_restarts if {
	# Just crashed again, before the kubelet's next sync: Terminated, not
	# yet CrashLoopBackOff (kubectl shows the pod as Error).
	c := t.container({"state": terminated(139, "Error", "SIGSEGV", "segmentation fault"), "lastState": terminated(139, "Error", "SIGSEGV", "segmentation fault"), "restartCount": 2, "ready": false, "logTail": ["Segmentation fault"]})
	facts := t.pod_with(c)
	some f in crash_loop.findings with input as facts
	f.msg == "container \"web\" is crash-looping: it exited with exit code 139 (SIGSEGV: segmentation fault) and has restarted 2 times"
	"| Segmentation fault" in f.evidence
	count(container_failed.findings) == 0 with input as facts
}

test_first_exit_is_not_yet_a_crash_loop if {
	c := t.container({"state": terminated(1, "Error", "", "general error"), "restartCount": 0, "ready": false})
	count(crash_loop.findings) == 0 with input as t.pod_with(c)
}

test_oom_is_not_a_plain_crash_loop if {
	c := object.union(crashing(terminated(137, "OOMKilled", "SIGKILL", "killed")), {"resources": {"requests": {}, "limits": {"memory": "16Mi"}}})
	facts := t.pod_with(c)
	count(crash_loop.findings) == 0 with input as facts
	some f in oom_killed.findings with input as facts
	contains(f.msg, "memory limit of 16Mi")
	contains(f.remedy, "above 16Mi")
}

test_completed_restarting if {
	facts := t.pod_with(crashing(terminated(0, "Completed", "", "success")))
	count(crash_loop.findings) == 0 with input as facts
	some f in container_completed_restarting.findings with input as facts
	contains(f.msg, "exit code 0")
}

test_completed_job_pod_is_quiet if {
	c := t.container({"state": terminated(0, "Completed", "", "success"), "ready": false})
	facts := t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Succeeded"})
	count(container_completed_restarting.findings) == 0 with input as facts
	count(container_failed.findings) == 0 with input as facts
}

test_container_failed_under_never if {
	c := t.container({"state": object.union(terminated(2, "Error", "", "misuse of shell builtins"), {"message": "config file missing"}), "ready": false})
	facts := t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed"})
	some f in container_failed.findings with input as facts
	"Termination message: config file missing" in f.evidence
}

config_error(cause, extra) := t.container({
	"state": {"name": "waiting", "reason": "CreateContainerConfigError", "sinceSeconds": -1},
	"ready": false,
	"error": object.union({"cause": cause, "detail": "details"}, extra),
})

test_missing_configmap if {
	some f in missing_configmap.findings with input as t.pod_with(config_error("missing-configmap", {"object": "app-config", "objectKind": "ConfigMap"}))
	f.msg == "the container \"web\" cannot start: ConfigMap \"app-config\" does not exist in namespace shop"
}

test_missing_secret if {
	some f in missing_secret.findings with input as t.pod_with(config_error("missing-secret", {"object": "db-creds", "objectKind": "Secret"}))
	contains(f.remedy, "db-creds")
}

test_missing_key if {
	some f in missing_config_key.findings with input as t.pod_with(config_error("missing-config-key", {"object": "app-config", "objectKind": "ConfigMap", "key": "DB_HOST"}))
	f.msg == "the container \"web\" cannot start: key \"DB_HOST\" is missing from ConfigMap \"app-config\""
}

test_command_not_found_wins_over_crash_loop if {
	c := object.union(crashing(terminated(128, "StartError", "", "container could not be started")), {"error": {"cause": "command-not-found", "command": "nginxx", "detail": "exec: \"nginxx\": executable file not found in $PATH"}})
	facts := t.pod_with(c)
	count(crash_loop.findings) == 0 with input as facts
	some f in command_not_found.findings with input as facts
	contains(f.msg, "\"nginxx\"")
}

test_run_container_error if {
	some f in run_container_error.findings with input as t.pod_with(config_error("run-as-non-root", {"detail": "container has runAsNonRoot and image will run as root"}))
	contains(f.remedy, "runAsUser")
}

test_init_container_blocks if {
	init := object.union(crashing(terminated(1, "Error", "", "general error")), {"name": "migrate", "type": "init", "path": "spec.initContainers[0]"})
	app := t.container({"state": {"name": "waiting", "reason": "PodInitializing", "sinceSeconds": -1}, "ready": false})
	facts := t.pod({"containers": [init, app], "phase": "Pending"})
	some f in init_container_failing.findings with input as facts
	f.msg == "init container \"migrate\" blocks the pod: it exited with exit code 1 (general error) and has restarted 6 times"
	count(crash_loop.findings) == 0 with input as facts
}

test_running_container_is_quiet if {
	facts := t.pod_with(t.container({"restartCount": 1, "lastState": terminated(1, "Error", "", "general error")}))
	count(crash_loop.findings) == 0 with input as facts
	count(container_failed.findings) == 0 with input as facts
	count(container_completed_restarting.findings) == 0 with input as facts
}

test_deadline_killed_container_is_not_a_failure if {
	c := t.container({"state": terminated(143, "Error", "SIGTERM", "terminated"), "ready": false})
	facts := t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed", "reason": "DeadlineExceeded"})
	count(container_failed.findings) == 0 with input as facts
}

test_crash_loop_shows_termination_message if {
	last := object.union(terminated(1, "Error", "", "general error"), {"message": "fatal: cannot connect to postgres at db:5432: connection refused"})
	c := object.union(crashing(last), {"logTail": []})
	some f in crash_loop.findings with input as t.pod_with(c)
	"Termination message: fatal: cannot connect to postgres at db:5432: connection refused" in f.evidence
}
