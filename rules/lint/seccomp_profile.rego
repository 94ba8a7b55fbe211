# METADATA
# title: seccomp-profile
# description: Neither the pod nor the container sets a seccomp profile (RuntimeDefault or Localhost), so unless the kubelet enables SeccompDefault the container runs Unconfined with every system call open; Unconfined set explicitly is a warning. Off by default for the unset case (profile strict); the restricted Pod Security Standard requires a profile.
# custom:
#   id: seccomp-profile
#   severity: warning
#   category: security
#   profile: strict
#   remedy: Set securityContext.seccompProfile.type RuntimeDefault at pod level (spec.securityContext), or Localhost with a profile the node has.
#   peers: [kube-score:container-seccomp-profile]
package poddoctor.lint.seccomp_profile

import data.poddoctor.lib.k8s

profile_type(c) := object.get(k8s.effective_security(c), ["seccompProfile", "type"], "")

# The annotation read before seccompProfile existed (removed in 1.27 but
# still written by old charts) counts as set.
annotated if {
	some k, _ in k8s.as_object(object.get(k8s.as_object(k8s.pod_template_metadata), "annotations", {}))
	startswith(k, "seccomp.security.alpha.kubernetes.io/")
}

annotated if {
	some k, _ in k8s.as_object(object.get(k8s.as_object(k8s.pod_template_metadata), "annotations", {}))
	startswith(k, "container.apparmor.security.beta.kubernetes.io/")
}

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	profile_type(c) == ""
	not annotated
	not apparmor(c)
	f := {
		"msg": sprintf("container %q runs without a seccomp profile (neither pod nor container sets seccompProfile)", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
		"severity": "info",
	}
}

findings contains f if {
	some c in k8s.containers
	profile_type(c) == "Unconfined"
	f := {
		"msg": sprintf("container %q sets seccompProfile Unconfined: every system call is open", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}

# An AppArmor profile (appArmorProfile, 1.30+) hardens the container too.
apparmor(c) if object.get(k8s.effective_security(c), ["appArmorProfile", "type"], "") in {"RuntimeDefault", "Localhost"}
