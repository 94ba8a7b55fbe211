# METADATA
# title: host-path-volume
# description: The pod mounts a directory of the node (hostPath), which ties it to one node's files and lets a compromised container read or change the node.
# custom:
#   id: host-path-volume
#   severity: warning
#   category: security
#   remedy: Use a PersistentVolumeClaim, a ConfigMap, a Secret or an emptyDir instead; if a node agent truly needs the path, mount it read-only.
package poddoctor.lint.host_path_volume

import data.poddoctor.lib.k8s

findings contains f if {
	some i, v in k8s.as_array(object.get(k8s.pod_spec, "volumes", []))
	v.hostPath
	f := {
		"msg": sprintf("volume %q mounts the node path %q", [v.name, object.get(k8s.as_object(v.hostPath), "path", "")]),
		"path": sprintf("%s.volumes[%d].hostPath", [k8s.pod_spec_prefix, i]),
	}
}
