package poddoctor.lint.network_policy_test

import data.poddoctor.lint.network_policy_coverage as coverage
import data.poddoctor.lint.network_policy_selects_nothing as dangling

inventory(policies) := {"complete": true, "kinds": {}, "objects": {}, "templates": [{"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web"}, "ports": []}], "related": {"NetworkPolicy": policies}}

policy(selector, ingress) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "np"}, "spec": {"podSelector": selector, "ingress": ingress}}

test_selects_nothing if {
	count(dangling.findings) == 1 with input as policy({"matchLabels": {"app": "wbe"}}, []) with poddoctor.inventory as inventory([])
	count(dangling.findings) == 0 with input as policy({"matchLabels": {"app": "web"}}, []) with poddoctor.inventory as inventory([])
	count(dangling.findings) == 0 with input as policy({}, []) with poddoctor.inventory as inventory([])
}

test_dangling_peer if {
	p := policy({}, [{"from": [{"podSelector": {"matchLabels": {"app": "api"}}}, {"podSelector": {"matchLabels": {"app": "web"}}}, {"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "x"}}}]}])
	{f.path | some f in dangling.findings} == {"spec.ingress[0].from[0].podSelector"} with input as p with poddoctor.inventory as inventory([])
}

deployment := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "a", "image": "a:1"}]}}}}

test_coverage if {
	count(coverage.findings) == 1 with input as deployment with poddoctor.inventory as inventory([])
	count(coverage.findings) == 1 with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "np", "podSelector": {"matchLabels": {"app": "api"}}}])
	count(coverage.findings) == 0 with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "np", "policyTypes": ["Ingress", "Egress"], "podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}}])
	some f in coverage.findings with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "np", "podSelector": {"matchLabels": {"app": "web"}}}])
	f.msg == "no NetworkPolicy of the input restricts egress traffic of the pods of Deployment web"
	count(coverage.findings) == 0 with input as deployment with poddoctor.inventory as inventory([{"namespace": "", "name": "np", "podSelector": {}, "egress": [{}]}])
}
