# A diagnosis runbook that reads the clock: a diagnosis gives time.now_ns
# the snapshot's capture time, but lint refuses to compile it (lint output
# must not depend on when it runs). Its rule must still be listed, and
# --disable checked against it, without compiling either engine.
# METADATA
# title: Pod older than a day
# description: The pod was created more than a day before the snapshot was taken.
# custom:
#   id: team-old-pod
#   severity: info
#   remedy: Check whether the pod should still be running.
package team.old_pod

import rego.v1

findings contains {"msg": "created more than a day before the snapshot"} if {
	created := time.parse_rfc3339_ns(input.pod.metadata.creationTimestamp)
	time.now_ns() - created > 24 * 60 * 60 * 1000000000
}
