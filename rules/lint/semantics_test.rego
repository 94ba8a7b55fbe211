# Tests of the Kubernetes semantics the peers get wrong (issue 21): run-once
# pods need no probes, Services may select labels controllers add, numeric
# probe ports need not be declared.
package poddoctor.lint.semantics_test

import data.poddoctor.lint.missing_liveness_probe as liveness
import data.poddoctor.lint.missing_readiness_probe as readiness
import data.poddoctor.lint.probe_port_mismatch
import data.poddoctor.lint.service_selector_mismatch

bare := {"name": "app", "image": "a:1"}

pod(spec, annotations) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": annotations}, "spec": spec}

no_probe_findings(doc) if {
	count(readiness.findings) == 0 with input as doc
	count(liveness.findings) == 0 with input as doc
}

test_run_once_pods_need_no_probes if {
	no_probe_findings(pod({"restartPolicy": "Never", "containers": [bare]}, {}))
	no_probe_findings(pod({"restartPolicy": "OnFailure", "containers": [bare]}, {}))
}

test_helm_test_hook_needs_no_probes if {
	no_probe_findings(pod({"containers": [bare]}, {"helm.sh/hook": "test"}))
	no_probe_findings(pod({"containers": [bare]}, {"helm.sh/hook": "pre-install,pre-upgrade"}))
}

test_cronjob_needs_no_probes if {
	no_probe_findings({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [bare]}}}}}})
}

test_init_containers_need_no_probes if {
	doc := pod({"initContainers": [{"name": "init", "image": "a:1"}], "containers": [object.union(bare, {"readinessProbe": {"tcpSocket": {"port": 80}}, "livenessProbe": {"tcpSocket": {"port": 80}}})]}, {})
	no_probe_findings(doc)
}

test_serving_pod_still_needs_probes if {
	count(readiness.findings) == 1 with input as pod({"containers": [bare]}, {})
	count(readiness.findings) == 1 with input as pod({"restartPolicy": "Always", "containers": [bare]}, {})
}

test_numeric_probe_port_is_info if {
	c := object.union(bare, {"ports": [{"containerPort": 8080}], "livenessProbe": {"httpGet": {"port": 9102}}})
	some f in probe_port_mismatch.findings with input as pod({"containers": [c]}, {})
	f.severity == "info"
}

inventory := {
	"complete": true,
	"kinds": {"StatefulSet": 1, "Deployment": 1, "Job": 1, "Service": 3},
	"objects": {},
	"templates": [
		{"kind": "StatefulSet", "namespace": "argocd", "name": "argocd-redis-ha-server", "labels": {"app": "redis-ha"}, "ports": []},
		{"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web"}, "ports": []},
		{"kind": "Job", "namespace": "", "name": "migrate", "labels": {}, "ports": []},
	],
	"label_index": {"app": {"redis-ha": [0], "web": [1]}},
}

service(selector) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "argocd"}, "spec": {"selector": selector}}

selects(selector) if {
	count(service_selector_mismatch.findings) == 0 with input as service(selector) with poddoctor.inventory as inventory
}

# argo-cd HA: one Service per redis pod (argo-helm, redis-ha subchart).
test_statefulset_pod_name_label if {
	selects({"app": "redis-ha", "statefulset.kubernetes.io/pod-name": "argocd-redis-ha-server-0"})
	selects({"statefulset.kubernetes.io/pod-name": "argocd-redis-ha-server-2"})
	selects({"app": "redis-ha", "apps.kubernetes.io/pod-index": "1"})
}

test_statefulset_pod_name_of_another_set if {
	not selects({"statefulset.kubernetes.io/pod-name": "other-0"})
	not selects({"statefulset.kubernetes.io/pod-name": "argocd-redis-ha-server-x"})
}

test_hash_and_job_labels if {
	selects({"app": "web", "pod-template-hash": "7d9f8b6c5d"})
	selects({"app": "redis-ha", "controller-revision-hash": "argocd-redis-ha-server-5f7"})
	selects({"job-name": "migrate"})
	selects({"batch.kubernetes.io/job-name": "migrate"})
	not selects({"batch.kubernetes.io/job-name": "seed"})
	not selects({"app": "web", "controller-revision-hash": "x"})
}
