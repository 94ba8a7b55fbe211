# METADATA
# title: node-affinity
# description: The pod says nothing about the nodes it may run on (neither nodeAffinity nor nodeSelector), so in a cluster with node pools of different hardware, zones or purposes the scheduler may place it anywhere, on a GPU or a system node alike. Off by default (profile all) - most clusters have one kind of node.
# custom:
#   id: node-affinity
#   severity: info
#   category: scheduling
#   profile: all
#   remedy: Set spec.affinity.nodeAffinity (or a nodeSelector) on the pod template to the labels of the node pool the workload belongs on.
#   peers: [kube-linter:no-node-affinity]
package poddoctor.lint.node_affinity

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.long_running
	is_object(object.get(input, k8s.pod_spec_path, null))
	not places
	f := {
		"msg": sprintf("the pods of %s %s set neither nodeAffinity nor nodeSelector", [input.kind, input.metadata.name]),
		"path": k8s.pod_spec_prefix,
	}
}

places if count(k8s.as_object(object.get(k8s.pod_spec, ["affinity", "nodeAffinity"], {}))) > 0

places if count(k8s.as_object(object.get(k8s.pod_spec, "nodeSelector", {}))) > 0
