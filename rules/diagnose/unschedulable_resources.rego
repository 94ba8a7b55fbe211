# METADATA
# title: unschedulable-resources
# description: The pod cannot be scheduled because no node has enough free cpu, memory, ephemeral-storage, pod slots or an extended resource (such as nvidia.com/gpu) for its requests.
# custom:
#   id: unschedulable-resources
#   severity: error
#   category: scheduling
#   remedy: Lower the pod's requests to what it really needs, free capacity (scale down or remove other pods), or add nodes (check the cluster autoscaler's events if one runs).
package poddoctor.diagnose.unschedulable_resources

import data.poddoctor.lib.diagnose as d

findings contains f if {
	d.scheduling.cause == "resources"
	first := d.cause_reasons[0]
	f := {
		"msg": sprintf("the pod cannot be scheduled: %s", [concat("; ", [sprintf("%s %s%s", [d.node_count(r.nodes), lack(r), comparison(r.resource)]) | some r in d.cause_reasons])]),
		"path": "spec.containers",
		"evidence": d.scheduling_evidence,
		"remedy": remedy(object.get(first, "resource", "")),
	}
}

lack(r) := "have no room for more pods" if r.resource == "pods"

lack(r) := sprintf("have insufficient %s", [r.resource]) if {
	r.resource
	r.resource != "pods"
}

lack(r) := sprintf("report %q", [r.text]) if not r.resource

# comparison puts what the pod asks beside what the largest node has.
comparison(resource) := sprintf(" (the pod requests %s %s; the largest node can allocate %s)", [d.pod.requests[resource], resource, d.pod.cluster.largestAllocatable[resource]])

comparison(resource) := sprintf(" (the pod requests %s %s)", [d.pod.requests[resource], resource]) if {
	d.pod.requests[resource]
	not d.pod.cluster.largestAllocatable[resource]
}

comparison(resource) := "" if not d.pod.requests[resource]

remedy(resource) := sprintf("Lower the pod's %s request to what it really needs, free %s on the nodes, or add nodes with more %s.", [resource, resource, resource]) if {
	resource != "pods"
	resource != ""
}

remedy("") := "Lower the pod's requests to what it really needs, free capacity on the nodes, or add nodes."

remedy("pods") := "The nodes run as many pods as their maxPods allows: remove pods, add nodes, or raise the kubelet's maxPods."
