package poddoctor.lint.ingress_tls_test

import data.poddoctor.lint.ingress_tls as rule

ingress(spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": object.union({"rules": [{"host": "shop.example.com"}]}, spec)}

test_no_tls if {
	some f in rule.findings with input as ingress({})
	f.msg == "Ingress web has no TLS section, so it serves plain HTTP"
	f.path == "spec"
	some g in rule.findings with input as ingress({"tls": []})
	g.path == "spec.tls"
}

test_tls if {
	count(rule.findings) == 0 with input as ingress({"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]})
}
