package poddoctor.lint.cross_object_test

import data.poddoctor.lint.missing_reference
import data.poddoctor.lint.service_port_mismatch
import data.poddoctor.lint.service_selector_mismatch

inventory := {
	"complete": true,
	"kinds": {"Deployment": 1, "Service": 1, "ConfigMap": 1},
	"objects": {"ConfigMap": [{"namespace": "", "name": "web-config"}]},
	"templates": [{"kind": "Deployment", "namespace": "", "name": "web", "labels": {"app": "web", "tier": "front"}, "ports": [{"name": "http", "containerPort": 8080}]}],
}

service(selector, ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"selector": selector, "ports": ports}}

test_selector_matches if {
	count(service_selector_mismatch.findings) == 0 with input as service({"app": "web"}, []) with poddoctor.inventory as inventory
}

test_selector_mismatch if {
	some f in service_selector_mismatch.findings with input as service({"app": "webb"}, []) with poddoctor.inventory as inventory
	f.msg == "Service web selects app=webb, which matches no pod template in the input"
}

test_no_templates_no_opinion if {
	empty := object.union(inventory, {"templates": []})
	count(service_selector_mismatch.findings) == 0 with input as service({"app": "webb"}, []) with poddoctor.inventory as empty
}

test_ports if {
	svc := service({"app": "web"}, [{"port": 80, "targetPort": "http"}, {"port": 81, "targetPort": 9090}, {"port": 82, "targetPort": "htp"}, {"port": 8080}])
	findings := service_port_mismatch.findings with input as svc with poddoctor.inventory as inventory
	{f.path | some f in findings} == {"spec.ports[1].targetPort", "spec.ports[2].targetPort"}
}

deployment(spec) := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": spec}}}

test_missing_configmap_reference if {
	d := deployment({"containers": [{"name": "a", "image": "a:1", "envFrom": [{"configMapRef": {"name": "web-confg"}}, {"secretRef": {"name": "web-secret"}}]}], "volumes": [{"name": "c", "configMap": {"name": "web-config"}}]})
	findings := missing_reference.findings with input as d with poddoctor.inventory as inventory
	{f.path | some f in findings} == {"spec.template.spec.containers[0].envFrom[0].configMapRef.name"}
}

test_optional_references_are_fine if {
	d := deployment({"containers": [{"name": "a", "image": "a:1", "envFrom": [{"configMapRef": {"name": "nope", "optional": true}}]}]})
	count(missing_reference.findings) == 0 with input as d with poddoctor.inventory as inventory
}

test_without_inventory_nothing if {
	d := deployment({"containers": [{"name": "a", "image": "a:1", "envFrom": [{"configMapRef": {"name": "nope"}}]}]})
	count(missing_reference.findings) == 0 with input as d
}

test_missing_service_account_reference if {
	inv := object.union(inventory, {"kinds": {"Deployment": 1, "ServiceAccount": 1}, "objects": {"ServiceAccount": [{"namespace": "", "name": "web"}]}})
	count(missing_reference.findings) == 0 with input as deployment({"serviceAccountName": "web"}) with poddoctor.inventory as inv
	count(missing_reference.findings) == 0 with input as deployment({"serviceAccountName": "default"}) with poddoctor.inventory as inv

	# The deprecated field counts when serviceAccountName is empty.
	{f.path | some f in missing_reference.findings} == {"spec.template.spec.serviceAccount"} with input as deployment({"serviceAccount": "missing"}) with poddoctor.inventory as inv
	{f.path | some f in missing_reference.findings} == {"spec.template.spec.serviceAccountName"} with input as deployment({"serviceAccountName": "missing", "serviceAccount": "web"}) with poddoctor.inventory as inv
}

test_service_account_when_the_input_defines_none if {
	some f in missing_reference.findings with input as deployment({"serviceAccountName": "ops"}) with poddoctor.inventory as inventory
	f.msg == "ServiceAccount \"ops\" is not defined in the input; the pods are rejected until it exists in the namespace"

	# Other kinds still need one object of the kind in the input.
	none := object.union(inventory, {"kinds": {"Deployment": 1}, "objects": {}})
	count(missing_reference.findings) == 0 with input as deployment({"volumes": [{"name": "s", "secret": {"secretName": "tls"}}]}) with poddoctor.inventory as none
}
