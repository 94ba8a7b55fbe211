package poddoctor.lint.host_path_volume_test

import data.poddoctor.lint.host_path_volume as rule

pod(path, read_only) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {
	"containers": [{"name": "agent", "image": "a:1", "volumeMounts": [{"name": "host", "mountPath": "/host", "readOnly": read_only}]}],
	"volumes": [{"name": "host", "hostPath": {"path": path}}],
}}

only(findings) := f if {
	count(findings) == 1
	some f in findings
}

test_writable_etc_is_warning if {
	f := only(rule.findings) with input as pod("/etc", false)
	f.severity == "warning"
	f.msg == `volume "host" mounts the node path "/etc" (the node's configuration, including its credentials), writable by "agent"`
}

test_read_only_proc_is_info if {
	f := only(rule.findings) with input as pod("/proc", true)
	f.severity == "info"
	contains(f.msg, "mounted read-only")
}

test_socket_read_only_still_warning if {
	f := only(rule.findings) with input as pod("/var/run/docker.sock", true)
	f.severity == "warning"
	contains(f.msg, "Docker socket")
}

test_containerd_and_crio_sockets if {
	only(rule.findings).severity == "warning" with input as pod("/run/containerd/containerd.sock", true)
	only(rule.findings).severity == "warning" with input as pod("/var/run/crio/crio.sock", true)
}

test_root_and_parents if {
	contains(only(rule.findings).msg, "whole file system") with input as pod("/", false)
	contains(only(rule.findings).msg, "/var/run/docker.sock") with input as pod("/var/run", true)
	only(rule.findings).severity == "warning" with input as pod("/var/run", true)
	contains(only(rule.findings).msg, "kubelet") with input as pod("/var/lib/kubelet/pods", false)
}

test_other_path_is_info if {
	f := only(rule.findings) with input as pod("/var/log", false)
	f.severity == "info"
	f.msg == `volume "host" mounts the node path "/var/log", writable by "agent"`
}

test_below_socket_dir_is_not_sensitive if {
	only(rule.findings).severity == "info" with input as pod("/var/run/secrets-store", false)
}

test_unmounted_is_info if {
	p := json.patch(pod("/etc", false), [{"op": "remove", "path": "/spec/containers/0/volumeMounts"}])
	f := only(rule.findings) with input as p
	f.severity == "info"
	endswith(f.msg, "mounted by no container")
}
