package poddoctor.lint.service_port_mismatch_test

import data.poddoctor.lint.service_port_mismatch as mismatch

inventory(templates) := {"complete": true, "kinds": {"Deployment": 1, "Service": 1}, "objects": {}, "templates": templates}

api := {"kind": "Deployment", "namespace": "shop", "name": "api", "labels": {"app": "api"}, "ports": [{"name": "http", "containerPort": 8080}, {"name": "metrics", "containerPort": 9090}]}

undeclared := {"kind": "Deployment", "namespace": "shop", "name": "legacy", "labels": {"app": "legacy"}, "ports": []}

service(selector, ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "shop"}, "spec": {"selector": selector, "ports": ports}}

test_named_target_port_no_container_declares if {
	findings := mismatch.findings with input as service({"app": "api"}, [{"name": "http", "port": 80, "targetPort": "htpp"}]) with poddoctor.inventory as inventory([api])
	count(findings) == 1
	some f in findings
	f.msg == "Service api port 80 targets htpp, which no selected container declares (Deployment api)"
	f.path == "spec.ports[0].targetPort"
}

test_numeric_target_port if {
	some f in mismatch.findings with input as service({"app": "api"}, [{"port": 80, "targetPort": 8000}]) with poddoctor.inventory as inventory([api])
	f.msg == "Service api port 80 targets 8000, which no selected container declares (Deployment api)"
}

# Without targetPort the Service targets its own port number; the finding
# points at port, the field that decided.
test_target_port_defaults_to_port if {
	some f in mismatch.findings with input as service({"app": "api"}, [{"port": 8081}]) with poddoctor.inventory as inventory([api])
	f.path == "spec.ports[0].port"
	count(mismatch.findings) == 0 with input as service({"app": "api"}, [{"port": 8080}]) with poddoctor.inventory as inventory([api])
}

test_declared_ports_are_quiet if {
	count(mismatch.findings) == 0 with input as service({"app": "api"}, [{"port": 80, "targetPort": "http"}, {"port": 9090, "targetPort": 9090}, {"port": 443, "targetPort": 8080}]) with poddoctor.inventory as inventory([api])
}

# Many images listen on ports their manifests never list: a number is a
# mismatch only when the containers declare ports. A name must be declared
# to resolve at all.
test_containers_without_ports if {
	count(mismatch.findings) == 0 with input as service({"app": "legacy"}, [{"port": 80, "targetPort": 3000}]) with poddoctor.inventory as inventory([undeclared])
	{f.path | some f in mismatch.findings with input as service({"app": "legacy"}, [{"port": 80, "targetPort": "web"}]) with poddoctor.inventory as inventory([undeclared])} == {"spec.ports[0].targetPort"}
}

# A selector matching no template is service-selector-mismatch's finding;
# this rule has nothing to compare with. Same without a selector or with a
# partial input.
test_no_selected_templates_is_quiet if {
	count(mismatch.findings) == 0 with input as service({"app": "other"}, [{"port": 80, "targetPort": "htpp"}]) with poddoctor.inventory as inventory([api])
	count(mismatch.findings) == 0 with input as service({}, [{"port": 80, "targetPort": "htpp"}]) with poddoctor.inventory as inventory([api])
	partial := object.union(inventory([api]), {"complete": false})
	count(mismatch.findings) == 0 with input as service({"app": "api"}, [{"port": 80, "targetPort": "htpp"}]) with poddoctor.inventory as partial
}
