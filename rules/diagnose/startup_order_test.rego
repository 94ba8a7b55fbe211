package poddoctor.diagnose.startup_order_test

import data.poddoctor.diagnose.startup_order
import data.poddoctor.diagnose.testfacts_test as t

# An app that connects to its proxy sidecar on localhost before the proxy
# listens (Node.js: "Error: connect ECONNREFUSED 127.0.0.1:15000"), exits,
# and runs fine after its restart.
app(extra) := t.container(object.union({
	"name": "app", "image": "ghcr.io/acme/app:1.9", "restartCount": 1,
	"state": {"name": "running", "sinceSeconds": 280},
	"lastState": {"name": "terminated", "reason": "Error", "sinceSeconds": 290, "ranSeconds": 2, "exit": {"code": 1, "meaning": "application error"}},
	"logTail": ["Error: connect ECONNREFUSED 127.0.0.1:15000"],
	"logPrevious": true,
	"logCause": {"cause": "connection-refused", "family": "node", "host": "127.0.0.1", "port": 15000, "exception": "ECONNREFUSED", "line": "Error: connect ECONNREFUSED 127.0.0.1:15000"},
}, extra))

proxy(extra) := t.container(object.union({
	"name": "proxy", "image": "envoyproxy/envoy:v1.31.2", "path": "spec.containers[1]",
	"state": {"name": "running", "sinceSeconds": 300},
	"ports": [{"name": "admin", "containerPort": 15000, "protocol": "TCP"}],
}, extra))

test_app_before_its_proxy if {
	findings := startup_order.findings with input as t.pod({"containers": [app({}), proxy({})]})
	count(findings) == 1
	some f in findings
	f.msg == "the container \"app\" failed while container \"proxy\" was starting and has recovered: it could not connect to 127.0.0.1:15000, which \"proxy\" serves, 10s after \"proxy\" started; it has restarted 1 time"
	f.container == "app"
	f.path == "spec.containers[0]"
	startswith(f.remedy, "Start \"proxy\" before \"app\": make \"proxy\" a native sidecar")
	"Container proxy: running for 5m0s" in f.evidence
	"| Error: connect ECONNREFUSED 127.0.0.1:15000" in f.evidence
}

# The port is named by the sibling's command (--port 15000), not declared.
test_port_from_the_command if {
	p := json.patch(proxy({"commandPorts": [15000]}), [{"op": "replace", "path": "/ports", "value": []}])
	count(startup_order.findings) == 1 with input as t.pod({"containers": [app({}), p]})
}

test_native_sidecar_advice if {
	s := proxy({"type": "sidecar", "path": "spec.initContainers[0]"})
	some f in startup_order.findings with input as t.pod({"containers": [s, app({})]})
	startswith(f.remedy, "Give the sidecar \"proxy\" a startupProbe on its port")
}

# The sibling had run for minutes when the app failed: not a start-up
# race; a refused connection to another host is not about siblings; an app
# still crashing is crash-loop's; a failure nobody serves is not this.
test_near_misses_are_quiet if {
	count(startup_order.findings) == 0 with input as t.pod({"containers": [app({}), proxy({"state": {"sinceSeconds": 900}})]})
	remote := app({"logCause": {"host": "db.shop.svc", "port": 5432}})
	count(startup_order.findings) == 0 with input as t.pod({"containers": [remote, proxy({})]})
	crashing := json.patch(app({}), [{"op": "replace", "path": "/state", "value": {"name": "waiting", "reason": "CrashLoopBackOff", "sinceSeconds": -1}}])
	count(startup_order.findings) == 0 with input as t.pod({"containers": [crashing, proxy({})]})
	nobody := json.patch(proxy({}), [{"op": "replace", "path": "/ports", "value": [{"containerPort": 9901, "protocol": "TCP"}]}])
	count(startup_order.findings) == 0 with input as t.pod({"containers": [app({}), nobody]})
	count(startup_order.findings) == 0 with input as t.pod_with(app({}))
}

# Ages unknown (-1): no guess about the order.
test_unknown_ages_are_quiet if {
	count(startup_order.findings) == 0 with input as t.pod({"containers": [app({}), proxy({"state": {"sinceSeconds": -1}})]})
	count(startup_order.findings) == 0 with input as t.pod({"containers": [app({"lastState": {"sinceSeconds": -1}}), proxy({})]})
}
