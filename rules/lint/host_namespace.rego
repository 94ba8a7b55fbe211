# METADATA
# title: host-namespace
# description: The pod shares the node's network, process or IPC namespace, so its containers can see and reach what runs on the node outside Kubernetes' isolation.
# custom:
#   id: host-namespace
#   severity: warning
#   category: security
#   remedy: Remove hostNetwork, hostPID and hostIPC unless the workload is a node agent that truly needs them; expose ports through a Service instead of the host network.
#   peers: [kube-linter:host-ipc, kube-linter:host-network, kube-linter:host-pid, polaris:hostIPCSet, polaris:hostNetworkSet, polaris:hostPIDSet]
package poddoctor.lint.host_namespace

import data.poddoctor.lib.k8s

findings contains f if {
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	k8s.pod_spec[field] == true
	f := {
		"msg": sprintf("the pod sets %s: true", [field]),
		"path": sprintf("%s.%s", [k8s.pod_spec_prefix, field]),
	}
}
