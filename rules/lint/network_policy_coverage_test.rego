package poddoctor.lint.network_policy_coverage_test

import data.poddoctor.lint.network_policy_coverage as coverage

inventory(policies) := {"complete": true, "kinds": {"Deployment": 1, "NetworkPolicy": count(policies)}, "objects": {}, "templates": [], "related": {"NetworkPolicy": policies}}

deployment(namespace) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "checkout", "namespace": namespace},
	"spec": {"selector": {"matchLabels": {"app": "checkout"}}, "template": {"metadata": {"labels": {"app": "checkout", "tier": "backend"}}, "spec": {"containers": [{"name": "checkout", "image": "shop/checkout:3.2"}]}}},
}

test_no_policy_at_all if {
	findings := coverage.findings with input as deployment("shop") with poddoctor.inventory as inventory([])
	count(findings) == 1
	some f in findings
	f.msg == "no NetworkPolicy of the input restricts ingress or egress traffic of the pods of Deployment checkout"
	f.path == "spec.template.metadata"
}

# A policy without policyTypes and without egress rules defaults to
# Ingress only (the API server's defaulting): egress stays open.
test_ingress_only_policy_leaves_egress if {
	p := {"namespace": "shop", "name": "checkout-in", "podSelector": {"matchLabels": {"app": "checkout"}}}
	some f in coverage.findings with input as deployment("shop") with poddoctor.inventory as inventory([p])
	f.msg == "no NetworkPolicy of the input restricts egress traffic of the pods of Deployment checkout"
}

test_explicit_egress_only_leaves_ingress if {
	p := {"namespace": "shop", "name": "checkout-out", "podSelector": {"matchLabels": {"tier": "backend"}}, "policyTypes": ["Egress"]}
	some f in coverage.findings with input as deployment("shop") with poddoctor.inventory as inventory([p])
	f.msg == "no NetworkPolicy of the input restricts ingress traffic of the pods of Deployment checkout"
}

# The namespace's default-deny (empty podSelector, both types) covers every
# pod, and so do two policies that cover one direction each.
test_covered_is_quiet if {
	deny := {"namespace": "shop", "name": "default-deny", "podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
	count(coverage.findings) == 0 with input as deployment("shop") with poddoctor.inventory as inventory([deny])
	ingress := {"namespace": "shop", "name": "in", "podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["checkout", "cart"]}]}}
	egress := {"namespace": "shop", "name": "out", "podSelector": {"matchLabels": {"app": "checkout"}}, "egress": [{"to": [{"podSelector": {"matchLabels": {"app": "db"}}}]}]}
	count(coverage.findings) == 0 with input as deployment("shop") with poddoctor.inventory as inventory([ingress, egress])
}

# A policy of another namespace, or one selecting other pods, does not
# cover these pods.
test_policy_elsewhere_does_not_cover if {
	other_ns := {"namespace": "payments", "name": "default-deny", "podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
	count(coverage.findings) == 1 with input as deployment("shop") with poddoctor.inventory as inventory([other_ns])
	other_pods := {"namespace": "shop", "name": "db", "podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"]}
	count(coverage.findings) == 1 with input as deployment("shop") with poddoctor.inventory as inventory([other_pods])
}

# A manifest without a namespace goes where kubectl -n puts it: a policy
# of any namespace may be its neighbour.
test_unnamespaced_manifest if {
	deny := {"namespace": "shop", "name": "default-deny", "podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
	count(coverage.findings) == 0 with input as deployment("") with poddoctor.inventory as inventory([deny])
}

# Jobs and one-shot pods finish; with a partial input (inventory not
# complete) the policies may be in files not given: no opinion either way.
test_run_once_and_partial_input_are_quiet if {
	job := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"}, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "m", "image": "m:1"}]}}}}
	count(coverage.findings) == 0 with input as job with poddoctor.inventory as inventory([])
	partial := object.union(inventory([]), {"complete": false})
	count(coverage.findings) == 0 with input as deployment("shop") with poddoctor.inventory as partial
}

test_objects_without_pods_are_quiet if {
	count(coverage.findings) == 0 with input as {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "checkout"}, "spec": {"selector": {"app": "checkout"}}} with poddoctor.inventory as inventory([])
}

# A pod on the node's network (node-exporter, CNI and CSI node agents)
# shares the node's network namespace; the Kubernetes documentation
# (Network Policies, "What you can't do") leaves NetworkPolicy undefined
# for hostNetwork pods and most network plugins do not apply it.
test_host_network_pods_are_not_asked_for_a_policy if {
	host := json.patch(deployment("monitoring"), [{"op": "add", "path": "/spec/template/spec/hostNetwork", "value": true}])
	count(coverage.findings) == 0 with input as host with poddoctor.inventory as inventory([])
	count(coverage.findings) == 1 with input as deployment("monitoring") with poddoctor.inventory as inventory([])
}
