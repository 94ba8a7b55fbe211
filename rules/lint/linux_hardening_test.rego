package poddoctor.lint.linux_hardening_test

import data.poddoctor.lint.linux_hardening as rule

pod(annotations, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "annotations": annotations}, "spec": spec}

container(security) := {"name": "app", "image": "a:1", "securityContext": security}

test_nothing_confines if {
	some f in rule.findings with input as pod({}, {"containers": [{"name": "app", "image": "a:1"}]})
	f.msg == "container \"app\" runs with no seccomp, AppArmor or SELinux profile and drops no capability"
	# The container's Unconfined overrides the pod's RuntimeDefault.
	count(rule.findings) == 1 with input as pod({}, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [container({"seccompProfile": {"type": "Unconfined"}})]})
	# A seccompProfile without a type, an empty seLinuxOptions, ALL added back.
	count(rule.findings) == 1 with input as pod({}, {"securityContext": {"seccompProfile": null}, "containers": [container({"seLinuxOptions": {}})]})
	count(rule.findings) == 1 with input as pod({}, {"containers": [container({"capabilities": {"drop": ["ALL"], "add": ["all"]}})]})
	# AppArmor annotations for other containers' names.
	count(rule.findings) == 1 with input as pod({"container.apparmor.security.beta.kubernetes.io/sidecar": "runtime/default"}, {"containers": [container({})]})
	count(rule.findings) == 1 with input as pod({"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}, {"containers": [container({})]})
}

test_any_confinement_will_do if {
	count(rule.findings) == 0 with input as pod({}, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [container({})]})
	count(rule.findings) == 0 with input as pod({}, {"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [container({"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}})]})
	count(rule.findings) == 0 with input as pod({}, {"containers": [container({"appArmorProfile": {"type": "RuntimeDefault"}})]})
	count(rule.findings) == 0 with input as pod({"container.apparmor.security.beta.kubernetes.io/app": "runtime/default"}, {"containers": [container({})]})
	count(rule.findings) == 0 with input as pod({}, {"securityContext": {"seLinuxOptions": {"level": "s0:c123,c456"}}, "containers": [container({})]})
	count(rule.findings) == 0 with input as pod({}, {"containers": [container({"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})]})
}
