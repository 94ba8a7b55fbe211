package poddoctor.lint.unsafe_sysctls_test

import data.poddoctor.lint.unsafe_sysctls as rule

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}

test_unsafe_and_safe if {
	findings := rule.findings with input as pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}, {"name": "kernel.msgmax", "value": "65536"}, {"name": "net/ipv4/ip_local_port_range", "value": "1024 65535"}]}, "containers": []})
	{f.path | some f in findings} == {"spec.securityContext.sysctls[1]"}
}
