package poddoctor.diagnose.crash_causes_test

import data.poddoctor.diagnose.container_failed
import data.poddoctor.diagnose.crash_loop
import data.poddoctor.diagnose.oom_killed
import data.poddoctor.diagnose.startup_order
import data.poddoctor.diagnose.testfacts_test as t

terminated(code, reason, signal, meaning, since) := {
	"name": "terminated", "reason": reason, "sinceSeconds": since,
	"exit": object.union({"code": code, "meaning": meaning}, signal_field(signal)),
}

signal_field(s) := {"signal": s} if s != ""

signal_field(s) := {} if s == ""

backoff := {"name": "waiting", "reason": "CrashLoopBackOff", "message": "back-off 2m40s restarting failed container", "sinceSeconds": -1}

app_error := terminated(1, "Error", "", "application error", 30)

crashing(name, cause, extra) := t.container(object.union({
	"name": name, "state": backoff, "lastState": app_error, "restartCount": 5, "ready": false,
	"logTail": [cause.line], "logCause": cause, "logsCommand": sprintf("kubectl logs -n shop web-1 -c %s --previous", [name]),
}, extra))

test_module_not_found if {
	c := crashing("api", {"cause": "module-not-found", "family": "python", "module": "celery", "line": "ModuleNotFoundError: No module named 'celery'"}, {})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	f.msg == "container \"api\" is crash-looping: the Python module \"celery\" cannot be found; it exited with exit code 1 and has restarted 5 times"
	contains(f.remedy, "Install \"celery\" in the image")
	"| ModuleNotFoundError: No module named 'celery'" in f.evidence
}

test_max_map_count_remedy if {
	c := crashing("es", {"cause": "kernel-setting", "family": "elasticsearch", "setting": "vm.max_map_count", "current": "65530", "required": "262144", "line": "[1]: max virtual memory areas vm.max_map_count [65530] is too low, increase to at least [262144]"}, {})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "the kernel setting vm.max_map_count is 65530, below the 262144 it requires")
	contains(f.remedy, "sysctl -w vm.max_map_count=262144")
	contains(f.remedy, "init container")
}

test_lost_found_remedy if {
	c := crashing("db", {"cause": "data-dir-not-empty", "family": "postgres", "path": "/var/lib/postgresql/data", "lostFound": true, "line": "initdb: error: directory \"/var/lib/postgresql/data\" exists but is not empty"}, {})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "lost+found")
	contains(f.remedy, "PGDATA to /var/lib/postgresql/data/pgdata")
}

test_exec_format_names_the_image if {
	c := crashing("app", {"cause": "exec-format", "family": "platform", "line": "exec /app/server: exec format error"}, {"image": "registry.example/app:arm64"})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "another CPU architecture")
	contains(f.remedy, "registry.example/app:arm64")
}

# The log wins over the exit code: Node.js out of heap, exit 139, is not a
# segmentation fault.
test_node_heap_with_exit_139 if {
	c := crashing("api", {"cause": "out-of-memory", "family": "node", "kind": "javascript-heap", "message": "JavaScript heap out of memory", "line": "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"}, {"lastState": terminated(139, "Error", "SIGSEGV", "segmentation fault", 20)})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "it ran out of JavaScript heap memory")
	contains(f.msg, "exit code 139 and")
	not contains(f.msg, "segmentation")
	not contains(f.remedy, "segmentation")
	contains(f.remedy, "--max-old-space-size")
}

test_nothing_recognised_says_only_the_exit if {
	c := t.container({"name": "api", "state": backoff, "lastState": terminated(139, "Error", "SIGSEGV", "segmentation fault", 20), "restartCount": 3, "ready": false, "logTail": ["loading native thumbnail library"]})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	f.msg == "container \"api\" is crash-looping: it exited with exit code 139 (SIGSEGV: segmentation fault) and has restarted 3 times"
}

test_handled_sigterm_is_a_stop if {
	c := t.container({"name": "api", "state": backoff, "lastState": terminated(143, "Error", "SIGTERM", "terminated", 20), "restartCount": 3, "ready": false})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "a requested stop rather than a crash")
	not contains(f.msg, "crash-looping")
}

test_liveness_kill_is_not_a_crash if {
	failure := {"probe": "liveness", "output": "HTTP probe failed with statuscode: 500", "event": t.event("Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500", "probe")}
	c := t.container({"name": "api", "state": backoff, "lastState": terminated(137, "Error", "SIGKILL", "killed", 20), "restartCount": 3, "ready": false, "probeFailures": [failure]})
	count(crash_loop.findings) == 0 with input as t.pod_with(c)
}

test_quiet_oom_stays_oom_killed if {
	c := t.container({"name": "api", "state": backoff, "lastState": terminated(137, "OOMKilled", "SIGKILL", "killed", 20), "restartCount": 3, "ready": false, "logTail": ["warming cache"], "resources": {"requests": {}, "limits": {"memory": "64Mi"}}})
	count(crash_loop.findings) == 0 with input as t.pod_with(c)
	count(oom_killed.findings) == 1 with input as t.pod_with(c)
}

test_container_failed_with_cause if {
	c := t.container({"name": "export", "state": terminated(1, "Error", "", "application error", 10), "ready": false, "logTail": ["KeyError: 'BUCKET'"], "logCause": {"cause": "missing-env-var", "family": "python", "variable": "BUCKET", "exception": "KeyError", "line": "KeyError: 'BUCKET'"}, "logsCommand": "kubectl logs -n shop web-1 -c export"})
	fs := container_failed.findings with input as t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed"})
	count(fs) == 1
	some f in fs
	f.msg == "container \"export\" failed: the environment variable \"BUCKET\" is not set; it exited with exit code 1"
	contains(f.remedy, "Set BUCKET in the container's env")
}

test_container_failed_sigterm_is_a_stop if {
	c := t.container({"name": "export", "state": terminated(143, "Error", "SIGTERM", "terminated", 10), "ready": false})
	fs := container_failed.findings with input as t.pod({"containers": [c], "restartPolicy": "Never", "phase": "Failed"})
	count(fs) == 1
	some f in fs
	contains(f.msg, "stopped before it finished")
}

test_cause_line_outside_the_tail_is_evidence if {
	c := crashing("api", {"cause": "class-not-found", "family": "java", "className": "com.example.App", "line": "Error: Could not find or load main class com.example.App"}, {"logTail": ["\tat java.base/jdk.internal.loader.BuiltinClassLoader.loadClass(BuiltinClassLoader.java:641)"]})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	"Log: Error: Could not find or load main class com.example.App" in f.evidence
}

# Two containers of one pod on one port: the second cannot bind.
test_address_in_use_names_the_sibling if {
	web := t.container({"name": "web", "ports": [{"containerPort": 8080, "protocol": "TCP"}]})
	admin := crashing("admin", {"cause": "address-in-use", "family": "platform", "line": "httpd: bind: Address already in use"}, {"ports": [{"containerPort": 8080, "protocol": "TCP"}], "commandPorts": [8080], "path": "spec.containers[1]"})
	fs := crash_loop.findings with input as t.pod({"containers": [web, admin]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "the port it listens on is already in use; container \"web\" of the same pod declares containerPort 8080")
	contains(f.remedy, "another port")
	not contains(f.remedy, "a second copy in the same container")
}

test_address_in_use_from_the_log_port if {
	web := t.container({"name": "web", "commandPorts": [3000]})
	api := crashing("api", {"cause": "address-in-use", "family": "node", "host": "::", "port": 3000, "line": "Error: listen EADDRINUSE: address already in use :::3000"}, {})
	fs := crash_loop.findings with input as t.pod({"containers": [web, api]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "port 3000 is already in use; container \"web\" of the same pod listens on 3000 by its command")
}

test_address_in_use_without_sibling if {
	api := crashing("api", {"cause": "address-in-use", "family": "go", "port": 8080, "line": "listen tcp :8080: bind: address already in use"}, {})
	fs := crash_loop.findings with input as t.pod_with(api)
	count(fs) == 1
	some f in fs
	f.msg == "container \"api\" is crash-looping: port 8080 is already in use; it exited with exit code 1 and has restarted 5 times"
}

# A watcher pointed at 8080 while the web server listens on 80.
test_refused_to_a_port_nobody_declares if {
	web := t.container({"name": "web", "ports": [{"containerPort": 80, "protocol": "TCP"}]})
	watcher := crashing("watcher", {"cause": "connection-refused", "family": "network", "host": "127.0.0.1", "port": 8080, "line": "wget: can't connect to remote host (127.0.0.1): Connection refused"}, {})
	fs := crash_loop.findings with input as t.pod({"containers": [web, watcher]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "the connection to 127.0.0.1:8080 was refused; no container of this pod declares port 8080 (web declares 80)")
	contains(f.remedy, "Point it at a port a container of the pod serves")
}

test_refused_to_a_sibling_that_declares_the_port if {
	db := t.container({"name": "db", "ports": [{"containerPort": 5432, "protocol": "TCP"}]})
	app := crashing("app", {"cause": "connection-refused", "family": "node", "host": "localhost", "port": 5432, "line": "Error: connect ECONNREFUSED localhost:5432"}, {})
	fs := crash_loop.findings with input as t.pod({"containers": [db, app]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "container \"db\" of this pod declares containerPort 5432, so it was not listening there yet")
	contains(f.remedy, "native sidecar")
}

test_refused_to_a_remote_host_names_no_sibling if {
	db := t.container({"name": "db", "ports": [{"containerPort": 5432, "protocol": "TCP"}]})
	app := crashing("app", {"cause": "connection-refused", "family": "network", "host": "db.shop.svc", "port": 5432, "line": "dial tcp 10.96.0.9:5432: connect: connection refused"}, {})
	fs := crash_loop.findings with input as t.pod({"containers": [db, app]})
	count(fs) == 1
	some f in fs
	not contains(f.msg, "of this pod")
}

test_shared_volume_at_another_path if {
	writer := t.container({"name": "writer", "mounts": [{"volume": "shared", "mountPath": "/data"}]})
	reader := crashing("reader", {"cause": "file-not-found", "family": "platform", "path": "/data/ready.txt", "line": "cat: can't open '/data/ready.txt': No such file or directory"}, {"mounts": [{"volume": "shared", "mountPath": "/shared"}, {"volume": "kube-api-access-x", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]})
	fs := crash_loop.findings with input as t.pod({"containers": [writer, reader]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "/data/ready.txt is in volume \"shared\", which container \"writer\" mounts at /data and this container mounts at /shared: the file is at /shared/ready.txt here")
	contains(f.remedy, "where this container mounts the shared volume")
}

test_shared_volume_not_mounted_here if {
	writer := t.container({"name": "writer", "mounts": [{"volume": "shared", "mountPath": "/data"}]})
	reader := crashing("reader", {"cause": "file-not-found", "family": "platform", "path": "/data/ready.txt", "line": "cat: can't open '/data/ready.txt': No such file or directory"}, {"mounts": []})
	fs := crash_loop.findings with input as t.pod({"containers": [writer, reader]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "this container does not mount that volume")
}

test_path_under_own_mount_is_not_a_shared_volume_problem if {
	writer := t.container({"name": "writer", "mounts": [{"volume": "shared", "mountPath": "/data"}]})
	reader := crashing("reader", {"cause": "file-not-found", "family": "platform", "path": "/data/ready.txt", "line": "cat: can't open '/data/ready.txt': No such file or directory"}, {"mounts": [{"volume": "shared", "mountPath": "/data"}]})
	fs := crash_loop.findings with input as t.pod({"containers": [writer, reader]})
	count(fs) == 1
	some f in fs
	f.msg == "container \"reader\" is crash-looping: /data/ready.txt does not exist; it exited with exit code 1 and has restarted 5 times"
}

# A sidecar that failed while its sibling was starting, and recovered.
recovered_watcher(since_failure) := t.container({
	"name": "watcher", "restartCount": 1, "state": {"name": "running", "sinceSeconds": since_failure - 2},
	"lastState": terminated(1, "Error", "", "application error", since_failure),
	"logTail": ["Error: connect ECONNREFUSED 127.0.0.1:8080"],
	"logCause": {"cause": "connection-refused", "family": "node", "host": "127.0.0.1", "port": 8080, "exception": "ECONNREFUSED", "line": "Error: connect ECONNREFUSED 127.0.0.1:8080"},
})

web_started(since) := t.container({"name": "web", "state": {"name": "running", "sinceSeconds": since}, "ports": [{"containerPort": 8080, "protocol": "TCP"}]})

test_startup_order if {
	facts := t.pod({"containers": [web_started(300), recovered_watcher(298)]})
	fs := startup_order.findings with input as facts
	count(fs) == 1
	some f in fs
	contains(f.msg, "the container \"watcher\" failed while container \"web\" was starting and has recovered")
	contains(f.msg, "2s after \"web\" started")
	contains(f.remedy, "native sidecar")
	count(crash_loop.findings) == 0 with input as facts
}

test_startup_order_not_when_sibling_was_long_up if {
	facts := t.pod({"containers": [web_started(3000), recovered_watcher(298)]})
	count(startup_order.findings) == 0 with input as facts
}

test_sidecar_waits_for_the_app_container if {
	watcher := object.union(recovered_watcher(298), {"type": "sidecar", "path": "spec.initContainers[0]"})
	facts := t.pod({"containers": [watcher, web_started(300)]})
	fs := startup_order.findings with input as facts
	count(fs) == 1
	some f in fs
	contains(f.msg, "the sidecar container \"watcher\"")
	contains(f.remedy, "A native sidecar starts before the app containers")
}

test_missing_interpreter if {
	c := crashing("app", {"cause": "file-not-found", "family": "platform", "kind": "interpreter", "path": "/docker-entrypoint.sh", "line": "exec /docker-entrypoint.sh: no such file or directory"}, {})
	fs := crash_loop.findings with input as t.pod_with(c)
	count(fs) == 1
	some f in fs
	contains(f.msg, "/docker-entrypoint.sh cannot be executed: the interpreter its #! line names is not in the image")
	contains(f.remedy, "dos2unix")
}

test_address_in_use_from_the_siblings_log if {
	web := t.container({"name": "web", "logTail": ["2026/11/25 08:00:01 Listening on :8080"]})
	api := crashing("api", {"cause": "address-in-use", "family": "go", "port": 8080, "line": "listen tcp :8080: bind: address already in use"}, {})
	fs := crash_loop.findings with input as t.pod({"containers": [web, api]})
	count(fs) == 1
	some f in fs
	contains(f.msg, "container \"web\" of the same pod logs that it listens on 8080")
}
