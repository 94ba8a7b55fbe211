package poddoctor.lint.missing_probes_test

import data.poddoctor.lint.missing_liveness_probe as liveness
import data.poddoctor.lint.missing_readiness_probe as readiness

deployment(container) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [container]}}}}

probe := {"httpGet": {"path": "/healthz", "port": 8080}}

test_both_missing if {
	input_doc := deployment({"name": "app", "image": "a:1"})
	count(readiness.findings) == 1 with input as input_doc
	count(liveness.findings) == 1 with input as input_doc
}

test_both_present if {
	input_doc := deployment({"name": "app", "image": "a:1", "readinessProbe": probe, "livenessProbe": probe})
	count(readiness.findings) == 0 with input as input_doc
	count(liveness.findings) == 0 with input as input_doc
}

test_jobs_are_exempt if {
	job := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a:1"}]}}}}
	count(readiness.findings) == 0 with input as job
	count(liveness.findings) == 0 with input as job
}

test_one_probe_covers_the_pod if {
	d := object.union(deployment({"name": "app", "image": "a:1", "readinessProbe": probe, "livenessProbe": probe}), {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "a:1", "readinessProbe": probe, "livenessProbe": probe}, {"name": "proxy", "image": "p:1"}]}}}})
	count(readiness.findings) == 0 with input as d
	count(liveness.findings) == 0 with input as d
	none := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "a:1"}, {"name": "proxy", "image": "p:1"}]}}}}
	count(readiness.findings) == 2 with input as none
	count(liveness.findings) == 2 with input as none
}

services_inventory(services) := {"complete": true, "kinds": {"Service": count(services)}, "objects": {}, "templates": [], "related": {"Service": services}}

worker := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "worker", "namespace": "shop"}, "spec": {"template": {"metadata": {"labels": {"app": "worker"}}, "spec": {"containers": [{"name": "worker", "image": "w:1"}]}}}}

test_readiness_only_for_pods_a_service_selects if {
	web := {"namespace": "shop", "name": "web", "selector": {"app": "web"}}
	count(readiness.findings) == 0 with input as worker with poddoctor.inventory as services_inventory([web])
	count(liveness.findings) == 1 with input as worker with poddoctor.inventory as services_inventory([web])

	# Selected, or no Service in the input to tell: the pod may serve.
	selecting := {"namespace": "shop", "name": "worker", "selector": {"app": "worker"}}
	count(readiness.findings) == 1 with input as worker with poddoctor.inventory as services_inventory([web, selecting])
	count(readiness.findings) == 1 with input as worker with poddoctor.inventory as services_inventory([])

	# A Service of another namespace does not select these pods.
	elsewhere := {"namespace": "other", "name": "worker", "selector": {"app": "worker"}}
	count(readiness.findings) == 0 with input as worker with poddoctor.inventory as services_inventory([elsewhere])
}

test_main_container_needs_liveness if {
	sidecar_only := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "db", "image": "a:1"}, {"name": "exporter", "image": "e:1", "livenessProbe": probe}]}}}}
	{f.container | some f in liveness.findings} == {"db"} with input as sidecar_only
	named := object.union(sidecar_only, {"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/default-container": "exporter"}}}}})
	count(liveness.findings) == 0 with input as named
}

# indexed_inventory is services_inventory with the Service index that
# pkg/lint/service_index.go builds: every selector pair, and names.
indexed_inventory(services) := object.union(services_inventory(services), {
	"service_index": {k: {v: [i | some i, t in services; format_int_or_text(t.selector[k]) == v] |
		some s in services
		some key, value in s.selector
		key == k
		v := format_int_or_text(value)
	} |
		some s0 in services
		some k, _ in s0.selector
	},
	"related_names": {"Service": {n: [i | some i, s in services; s.name == n] | some s0 in services; n := s0.name}},
})

format_int_or_text(v) := v if is_string(v)

else := sprintf("%v", [v])

# The Service index only spares the scan: with or without it, the same
# Services select the same pods, also through a label only the pods'
# controller adds, or a selector value that is not text.
test_service_index_answers_as_the_scan if {
	cases := [
		[],
		[{"namespace": "shop", "name": "web", "selector": {"app": "web"}}],
		[{"namespace": "shop", "name": "web", "selector": {"app": "web"}}, {"namespace": "shop", "name": "worker", "selector": {"app": "worker"}}],
		[{"namespace": "shop", "name": "hash", "selector": {"pod-template-hash": "5d8f9c"}}],
		[{"namespace": "shop", "name": "odd", "selector": {"app": "worker", "pod-template-hash": 5}}],
		[{"namespace": "shop", "name": "odd", "selector": {"app": 5}}],
		[{"namespace": "other", "name": "worker", "selector": {"app": "worker"}}],
		[{"namespace": "shop", "name": "both", "selector": {"app": "worker", "tier": "x"}}],
	]
	every services in cases {
		scanned := count(readiness.findings) with input as worker with poddoctor.inventory as services_inventory(services)
		indexed := count(readiness.findings) with input as worker with poddoctor.inventory as indexed_inventory(services)
		scanned == indexed
	}

	# And the cases differ, so the comparison can fail.
	count(readiness.findings) == 1 with input as worker with poddoctor.inventory as indexed_inventory(cases[3])
	count(readiness.findings) == 1 with input as worker with poddoctor.inventory as indexed_inventory(cases[4])
	count(readiness.findings) == 0 with input as worker with poddoctor.inventory as indexed_inventory(cases[5])
	count(readiness.findings) == 0 with input as worker with poddoctor.inventory as indexed_inventory(cases[7])
}
