package poddoctor.diagnose.container_failed_test

import data.poddoctor.diagnose.container_failed
import data.poddoctor.diagnose.testfacts_test as t

# A Job's pod (restartPolicy Never) whose container exited non-zero.
failed(code, meaning, extra) := t.container(object.union({
	"name": "report", "image": "ghcr.io/acme/report:2.1", "ready": false, "started": false,
	"state": {"name": "terminated", "reason": "Error", "sinceSeconds": 120, "ranSeconds": 14, "exit": {"code": code, "meaning": meaning}},
	"logTail": ["loading 2026-11 invoices", "writing report to s3://acme-reports/2026-11.pdf"],
	"logsCommand": "kubectl logs -n shop report-29401-x2k4p -c report",
}, extra))

job_pod(c) := t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed", "owner": {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "report-29401"}})

test_exit_code_only if {
	findings := container_failed.findings with input as job_pod(failed(1, "application error", {}))
	count(findings) == 1
	some f in findings
	f.msg == "container \"report\" failed with exit code 1 (application error)"
	f.container == "report"
	f.path == "spec.containers[0]"
	f.remedy == "Read its log: kubectl logs -n shop report-29401-x2k4p -c report"
	f.evidence == [
		"State: Terminated (Error), exit code 1 (application error), finished 2m0s ago",
		"| loading 2026-11 invoices",
		"| writing report to s3://acme-reports/2026-11.pdf",
	]
}

# The log states the cause (classify: Python's ModuleNotFoundError): the
# message says it, and the exit code without its usual meaning.
test_cause_from_the_log if {
	c := failed(1, "application error", {
		"logTail": ["Traceback (most recent call last):", "  File \"/app/report.py\", line 3, in <module>", "ModuleNotFoundError: No module named 'boto3'"],
		"logCause": {"cause": "module-not-found", "family": "python", "module": "boto3", "line": "ModuleNotFoundError: No module named 'boto3'"},
	})
	some f in container_failed.findings with input as job_pod(c)
	f.msg == "container \"report\" failed: the Python module \"boto3\" cannot be found; it exited with exit code 1"
	endswith(f.remedy, "Read its log: kubectl logs -n shop report-29401-x2k4p -c report")
	"| ModuleNotFoundError: No module named 'boto3'" in f.evidence
}

# The termination message (terminationMessagePolicy FallbackToLogsOnError)
# is evidence.
test_termination_message if {
	c := failed(2, "misuse of a shell builtin or bad arguments", {"state": {"message": "usage: report --month YYYY-MM\n"}})
	some f in container_failed.findings with input as job_pod(c)
	"Termination message: usage: report --month YYYY-MM" in f.evidence
}

# Exit 143 after a handled SIGTERM is a requested stop, not a crash.
test_sigterm_is_a_stop if {
	c := failed(143, "killed by signal SIGTERM", {"state": {"exit": {"signal": "SIGTERM"}}})
	some f in container_failed.findings with input as job_pod(c)
	f.msg == "container \"report\" was stopped before it finished: it exited on SIGTERM (exit code 143), a requested stop rather than a crash"
	startswith(f.remedy, "Find what asked it to stop")
}

test_restart_policy_on_failure_too if {
	c := failed(1, "application error", {})
	count(container_failed.findings) == 1 with input as t.pod({"containers": [c], "restartPolicy": "OnFailure"})
}

# Other rules say why these ended: restartPolicy Always (crash-loop), OOM
# (oom-killed), a start failure (run-container-error), the kubelet's
# deadline or eviction, a liveness probe's kill; exit 0 is success.
test_explained_elsewhere_is_quiet if {
	c := failed(1, "application error", {})
	count(container_failed.findings) == 0 with input as t.pod_with(c)
	count(container_failed.findings) == 0 with input as job_pod(failed(137, "killed: out of memory or by kubelet after grace period", {"state": {"reason": "OOMKilled"}}))
	count(container_failed.findings) == 0 with input as job_pod(failed(128, "process could not be started by the runtime", {"error": {"cause": "exec-format", "detail": "exec format error"}}))
	deadline := object.union(job_pod(c), {"pod": {"reason": "DeadlineExceeded"}})
	count(container_failed.findings) == 0 with input as deadline
	evicted := object.union(job_pod(c), {"pod": {"reason": "Evicted"}})
	count(container_failed.findings) == 0 with input as evicted
	liveness := failed(137, "killed: out of memory or by kubelet after grace period", {"probeFailures": [{"probe": "liveness", "kind": "http-status", "event": t.event("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500", "probe")}]})
	count(container_failed.findings) == 0 with input as job_pod(liveness)
	count(container_failed.findings) == 0 with input as job_pod(failed(0, "completed successfully", {"state": {"reason": "Completed"}}))
}

# Init containers are init-container-failing's.
test_init_container_is_quiet if {
	c := failed(1, "application error", {"type": "init", "path": "spec.initContainers[0]"})
	count(container_failed.findings) == 0 with input as job_pod(c)
}
