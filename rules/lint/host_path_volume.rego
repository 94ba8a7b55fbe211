# METADATA
# title: host-path-volume
# description: The pod mounts a directory of the node (hostPath), which ties it to one node's files and lets a compromised container read or change the node. A sensitive path (/, /etc, /proc, /sys, /root, /home, /var/lib/kubelet, the Docker, containerd or CRI-O socket, or a parent of one) mounted writable, or a runtime socket at all, is a warning; a read-only sensitive path (node agents reading /proc) or any other path is info.
# custom:
#   id: host-path-volume
#   severity: warning
#   category: security
#   remedy: Use a PersistentVolumeClaim, a ConfigMap, a Secret or an emptyDir instead; if a node agent truly needs the path, mount the narrowest path read-only (volumeMounts[].readOnly true).
#   peers: [kube-linter:host-mounts, kube-linter:sensitive-host-mounts, kube-linter:docker-sock@warning, kube-linter:writable-host-mount, polaris:hostPathSet]
package poddoctor.lint.host_path_volume

import data.poddoctor.lib.k8s

findings contains f if {
	some i, v in k8s.as_array(object.get(k8s.pod_spec, "volumes", []))
	v.hostPath
	path := object.get(k8s.as_object(v.hostPath), "path", "")
	mounts := [[c.name, m] | some c in k8s.containers; some m in k8s.as_array(object.get(c.spec, "volumeMounts", [])); m.name == v.name]
	writers := {name | some [name, m] in mounts; not m.readOnly == true}
	f := {
		"msg": message(v.name, path, access(mounts, writers)),
		"path": sprintf("%s.volumes[%d].hostPath", [k8s.pod_spec_prefix, i]),
		"severity": severity(path, mounts, writers),
	}
}

access(_, writers) := sprintf("writable by %s", [concat(", ", [sprintf("%q", [n]) | some n in sort(writers)])]) if count(writers) > 0

access(mounts, writers) := "mounted read-only" if {
	count(mounts) > 0
	count(writers) == 0
}

access(mounts, _) := "mounted by no container" if count(mounts) == 0

message(name, path, how) := sprintf("volume %q mounts the node path %q (%s), %s", [name, path, k8s.sensitive_host_path(path), how])

message(name, path, how) := sprintf("volume %q mounts the node path %q, %s", [name, path, how]) if not k8s.sensitive_host_path(path)

# A read-only mount of a sensitive directory is what node agents
# (node-exporter reads /proc and /sys) legitimately do: info. Writing there,
# or reaching a runtime socket at all (a read-only mount of a socket, or of
# its directory, still lets the container connect to it), is a warning.
severity(path, mounts, writers) := "warning" if {
	k8s.sensitive_host_path(path)
	count(writers) > 0
} else := "warning" if {
	count(mounts) > 0
	reaches_socket(path)
} else := "info"

reaches_socket(path) if trim_right(path, "/") in k8s.sensitive_socket_paths

reaches_socket(path) if {
	some socket in k8s.sensitive_socket_paths
	startswith(socket, sprintf("%s/", [trim_right(path, "/")]))
}
