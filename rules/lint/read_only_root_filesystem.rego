# METADATA
# title: read-only-root-filesystem
# description: A container's root file system is writable (readOnlyRootFilesystem is not true), so an intruder can change its binaries and drop tools. Off by default (profile strict) because many images write to their root file system and need an emptyDir for it first.
# custom:
#   id: read-only-root-filesystem
#   severity: info
#   category: security
#   profile: strict
#   remedy: Set securityContext.readOnlyRootFilesystem true and mount an emptyDir wherever the process writes (/tmp, caches).
#   peers: [kube-linter:no-read-only-root-fs, kube-score:container-security-context-readonlyrootfilesystem, polaris:notReadOnlyRootFilesystem]
package poddoctor.lint.read_only_root_filesystem

import data.poddoctor.lib.k8s

findings contains f if {
	some c in k8s.containers
	c.field != "ephemeralContainers"
	not object.get(c.spec, ["securityContext", "readOnlyRootFilesystem"], false) == true
	f := {
		"msg": sprintf("container %q has a writable root file system", [c.name]),
		"path": sprintf("%s.securityContext", [c.path]),
		"container": c.name,
	}
}
