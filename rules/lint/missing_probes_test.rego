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
