package poddoctor.lint.identical_probes_test

import data.poddoctor.lint.identical_probes as rule

pod(live, ready) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "a:1", "livenessProbe": live, "readinessProbe": ready}]}}

test_identical if {
	count(rule.findings) == 1 with input as pod({"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 10}, {"httpGet": {"path": "/ready", "port": 8080}, "periodSeconds": 5})
}

test_different if {
	count(rule.findings) == 0 with input as pod({"httpGet": {"path": "/live", "port": 8080}}, {"httpGet": {"path": "/ready", "port": 8080}})
	count(rule.findings) == 0 with input as pod({"tcpSocket": {"port": 8080}}, {"httpGet": {"path": "/ready", "port": 8080}})
}
