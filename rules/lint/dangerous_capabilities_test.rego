package poddoctor.lint.dangerous_capabilities_test

import data.poddoctor.lint.dangerous_capabilities

pod(caps) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "vpn"}, "spec": {"containers": [{"name": "wireguard", "image": "linuxserver/wireguard:1.0.20210914", "securityContext": {"capabilities": caps}}]}}

test_net_admin if {
	findings := dangerous_capabilities.findings with input as pod({"add": ["NET_ADMIN"]})
	count(findings) == 1
	some f in findings
	f.msg == "container \"wireguard\" adds the capability NET_ADMIN"
	f.path == "spec.containers[0].securityContext.capabilities.add[0]"
	f.container == "wireguard"
}

# The runtime accepts the CAP_ prefix and any case; the finding quotes the
# manifest as written.
test_prefix_and_case if {
	findings := dangerous_capabilities.findings with input as pod({"add": ["CAP_SYS_ADMIN", "sys_ptrace", "ALL"]})
	{[f.path, f.msg] | some f in findings} == {
		["spec.containers[0].securityContext.capabilities.add[0]", "container \"wireguard\" adds the capability CAP_SYS_ADMIN"],
		["spec.containers[0].securityContext.capabilities.add[1]", "container \"wireguard\" adds the capability sys_ptrace"],
		["spec.containers[0].securityContext.capabilities.add[2]", "container \"wireguard\" adds the capability ALL"],
	}
}

# Narrow capabilities are the recommended way out, not a problem.
test_narrow_capabilities_are_quiet if {
	count(dangerous_capabilities.findings) == 0 with input as pod({"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CHOWN", "SETUID", "SETGID", "KILL"]})
}

# Dropping a dangerous capability is the opposite of adding it.
test_drop_is_quiet if {
	count(dangerous_capabilities.findings) == 0 with input as pod({"drop": ["ALL", "SYS_ADMIN", "NET_ADMIN"]})
}

test_deployment_init_container if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
		"initContainers": [{"name": "iptables", "image": "istio/proxyv2:1.23.0", "securityContext": {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}}}],
		"containers": [{"name": "app", "image": "app:1"}],
	}}}}
	findings := dangerous_capabilities.findings with input as d
	{[f.container, f.path] | some f in findings} == {["iptables", "spec.template.spec.initContainers[0].securityContext.capabilities.add[0]"]}
}
