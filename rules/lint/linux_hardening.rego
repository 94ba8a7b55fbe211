# METADATA
# title: linux-hardening
# description: A container runs with none of the Linux confinement Kubernetes offers - no seccomp profile (RuntimeDefault or Localhost), no AppArmor profile, no SELinux options and no dropped capabilities - so a compromised process has every system call, the runtime's default capabilities and no mandatory access control between it and the kernel. Weaker than seccomp-profile, which asks for seccomp in particular; off by default (profile all).
# custom:
#   id: linux-hardening
#   severity: info
#   category: security
#   profile: all
#   remedy: Set securityContext.seccompProfile.type RuntimeDefault on the pod (it rarely breaks anything) and capabilities.drop [ALL] on the container; AppArmor or SELinux profiles where the nodes use them.
#   peers: [polaris:linuxHardening]
package poddoctor.lint.linux_hardening

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	not hardened(c)
	f := {
		"msg": sprintf("container %q runs with no seccomp, AppArmor or SELinux profile and drops no capability", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}

confining := {"RuntimeDefault", "Localhost"}

# The container's setting wins over the pod's (effective_security).
hardened(c) if object.get(k8s.effective_security(c), ["seccompProfile", "type"], "") in confining

hardened(c) if object.get(k8s.effective_security(c), ["appArmorProfile", "type"], "") in confining

# The AppArmor annotation, per container name, that the appArmorProfile
# field replaced in 1.30 and the kubelet still honours.
hardened(c) if {
	annotations := k8s.as_object(object.get(k8s.as_object(k8s.pod_template_metadata), "annotations", {}))
	profile := annotations[sprintf("container.apparmor.security.beta.kubernetes.io/%s", [c.name])]
	is_string(profile)
	profile != ""
	profile != "unconfined"
}

hardened(c) if count(k8s.as_object(object.get(k8s.effective_security(c), "seLinuxOptions", {}))) > 0

# Dropping capabilities hardens unless ALL is added back.
hardened(c) if {
	caps := k8s.as_object(object.get(c.spec, ["securityContext", "capabilities"], {}))
	count(k8s.as_array(object.get(caps, "drop", []))) > 0
	not adds_all(caps)
}

adds_all(caps) if {
	some cap in k8s.as_array(object.get(caps, "add", []))
	is_string(cap)
	upper(cap) == "ALL"
}
