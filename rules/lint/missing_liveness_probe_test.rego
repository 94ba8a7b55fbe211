package poddoctor.lint.missing_liveness_probe_test

import data.poddoctor.lint.missing_liveness_probe

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}}}

probe := {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10, "failureThreshold": 6}

# The main container (the first) has a probe: a sidecar without one is not
# reported. The main container without one is, whatever its sidecars have.
test_main_container_decides if {
	count(missing_liveness_probe.findings) == 0 with input as deployment({"containers": [
		{"name": "web", "image": "nginx:1.27", "livenessProbe": probe},
		{"name": "cache", "image": "redis:7.4"},
	]})
	findings := missing_liveness_probe.findings with input as deployment({"containers": [
		{"name": "web", "image": "nginx:1.27"},
		{"name": "cache", "image": "redis:7.4", "livenessProbe": probe},
	]})
	count(findings) == 1
	some f in findings
	f.msg == "container \"web\" has no liveness probe"
	f.path == "spec.template.spec.containers[0]"
	f.container == "web"
}

test_long_running_kinds if {
	sts := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {"template": {"spec": {"containers": [{"name": "db", "image": "postgres:16"}]}}}}
	{f.path | some f in missing_liveness_probe.findings with input as sts} == {"spec.template.spec.containers[0]"}
	pod := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": "app:1"}]}}
	{f.path | some f in missing_liveness_probe.findings with input as pod} == {"spec.containers[0]"}
}

test_probe_of_any_handler_is_quiet if {
	count(missing_liveness_probe.findings) == 0 with input as deployment({"containers": [
		{"name": "a", "image": "a:1", "livenessProbe": {"tcpSocket": {"port": 5432}}},
		{"name": "b", "image": "b:1", "livenessProbe": {"exec": {"command": ["pg_isready"]}}},
		{"name": "c", "image": "c:1", "livenessProbe": {"grpc": {"port": 9090}}},
	]})
}

# Run-once pods have nothing to restart for hanging: Jobs, CronJobs, pods
# with restartPolicy Never or OnFailure (Helm test pods) and Helm hooks.
test_run_once_pods_are_quiet if {
	job := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "migrate", "image": "app:1"}]}}}}
	count(missing_liveness_probe.findings) == 0 with input as job
	cj := {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "backup"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [{"name": "backup", "image": "app:1"}]}}}}}}
	count(missing_liveness_probe.findings) == 0 with input as cj
	helm_test := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web-test-connection", "annotations": {"helm.sh/hook": "test"}}, "spec": {"restartPolicy": "Never", "containers": [{"name": "wget", "image": "busybox:1.36"}]}}
	count(missing_liveness_probe.findings) == 0 with input as helm_test
	hook := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "pre", "annotations": {"helm.sh/hook": "pre-install"}}, "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}}
	count(missing_liveness_probe.findings) == 0 with input as hook
}

# Init containers finish before the app starts; a liveness probe on them is
# rejected by the API server, so asking for one would be wrong.
test_init_containers_are_quiet if {
	count(missing_liveness_probe.findings) == 0 with input as deployment({
		"initContainers": [{"name": "migrate", "image": "app:1"}],
		"containers": [{"name": "web", "image": "nginx:1.27", "livenessProbe": probe}],
	})
}

test_pod_template_is_not_a_running_pod if {
	pt := {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "t"}, "template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}
	count(missing_liveness_probe.findings) == 0 with input as pt
}
