# METADATA
# title: low-user-id
# description: A container runs with a user or group id below 10000 (or leaves runAsUser or runAsGroup to the image). Ids below 10000 are those of the node's own users and system groups, so a container that escapes runs as - or shares files with - a real account of the node. Off by default (profile all) - most images choose a low id of their own and work correctly with it.
# custom:
#   id: low-user-id
#   severity: info
#   category: security
#   profile: all
#   remedy: Set securityContext.runAsUser and runAsGroup (on the pod or the container) to ids of 10000 or more that no node account uses, and make the image's files readable by that id.
#   peers: [kube-score:container-security-context-user-group-id]
package poddoctor.lint.low_user_id

import data.poddoctor.lib.k8s

findings contains f if {
	not windows
	some c in k8s.containers
	sc := k8s.effective_security(c)
	some field in ["runAsUser", "runAsGroup"]
	problem := id_problem(object.get(sc, field, null))
	f := {
		"msg": sprintf("container %q: %s %s", [c.name, field, problem]),
		"path": c.path,
		"container": c.name,
	}
}

id_problem(id) := "is not set, so the image's id is used" if id == null

id_problem(id) := sprintf("is %d, below 10000", [id]) if {
	is_number(id)
	id < 10000
}

# Windows containers have no numeric user ids.
windows if k8s.pod_spec.os.name == "windows"
