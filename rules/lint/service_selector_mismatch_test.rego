package poddoctor.lint.service_selector_mismatch_test

import data.poddoctor.lint.service_selector_mismatch as mismatch

inventory(templates) := {"complete": true, "kinds": {"Deployment": 1, "StatefulSet": 1, "Service": 1}, "objects": {}, "templates": templates}

web := {"kind": "Deployment", "namespace": "shop", "name": "web", "labels": {"app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "shop"}, "ports": [{"name": "http", "containerPort": 8080}]}

redis := {"kind": "StatefulSet", "namespace": "shop", "name": "redis", "labels": {"app": "redis"}, "ports": [{"name": "redis", "containerPort": 6379}]}

service(namespace, selector) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": namespace}, "spec": {"selector": selector, "ports": [{"port": 80, "targetPort": "http"}]}}

test_misspelled_label_value if {
	findings := mismatch.findings with input as service("shop", {"app.kubernetes.io/name": "wbe", "app.kubernetes.io/instance": "shop"}) with poddoctor.inventory as inventory([web, redis])
	count(findings) == 1
	some f in findings
	f.msg == "Service web selects app.kubernetes.io/instance=shop,app.kubernetes.io/name=wbe, which matches no pod template in the input"
	f.path == "spec.selector"
}

# Every key of the selector must match one template: two labels each found
# on a different template select nothing.
test_labels_split_across_templates if {
	count(mismatch.findings) == 1 with input as service("shop", {"app.kubernetes.io/name": "web", "app": "redis"}) with poddoctor.inventory as inventory([web, redis])
}

test_matching_selector_is_quiet if {
	count(mismatch.findings) == 0 with input as service("shop", {"app.kubernetes.io/name": "web"}) with poddoctor.inventory as inventory([web, redis])
	count(mismatch.findings) == 0 with input as service("", {"app": "redis"}) with poddoctor.inventory as inventory([web, redis])
}

test_template_in_other_namespace_does_not_match if {
	count(mismatch.findings) == 1 with input as service("payments", {"app": "redis"}) with poddoctor.inventory as inventory([web, redis])
}

# Labels the controller adds to the pods it creates match though no
# template carries them: a Service for one StatefulSet pod (redis-0) or a
# Deployment's pod-template-hash.
test_controller_labels_are_quiet if {
	count(mismatch.findings) == 0 with input as service("shop", {"statefulset.kubernetes.io/pod-name": "redis-0"}) with poddoctor.inventory as inventory([web, redis])
	count(mismatch.findings) == 0 with input as service("shop", {"app.kubernetes.io/name": "web", "pod-template-hash": "7d9c6b5f8"}) with poddoctor.inventory as inventory([web, redis])
	count(mismatch.findings) == 1 with input as service("shop", {"statefulset.kubernetes.io/pod-name": "redis-x"}) with poddoctor.inventory as inventory([web, redis])
}

# No selector (endpoints managed by hand, ExternalName), no templates in
# the input (a chart of only Services), or a partial input: no opinion.
test_no_evidence_is_quiet if {
	count(mismatch.findings) == 0 with input as service("shop", {}) with poddoctor.inventory as inventory([web])
	external := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "db"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}
	count(mismatch.findings) == 0 with input as external with poddoctor.inventory as inventory([web])
	count(mismatch.findings) == 0 with input as service("shop", {"app": "nope"}) with poddoctor.inventory as inventory([])
	partial := object.union(inventory([web]), {"complete": false})
	count(mismatch.findings) == 0 with input as service("shop", {"app": "nope"}) with poddoctor.inventory as partial
}

# With the inventory's label index the answer is the same.
test_label_index_gives_the_same_answer if {
	indexed := object.union(inventory([web, redis]), {"label_index": {"app.kubernetes.io/name": {"web": [0]}, "app.kubernetes.io/instance": {"shop": [0]}, "app": {"redis": [1]}}})
	count(mismatch.findings) == 0 with input as service("shop", {"app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "shop"}) with poddoctor.inventory as indexed
	count(mismatch.findings) == 1 with input as service("shop", {"app.kubernetes.io/name": "web", "app": "redis"}) with poddoctor.inventory as indexed
}
