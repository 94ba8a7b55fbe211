# METADATA
# title: rolling-update-strategy
# description: A Deployment uses the Recreate strategy (every old pod stops before any new one starts, so each rollout is an outage), or a DaemonSet or StatefulSet updates OnDelete (a new version reaches a pod only when someone deletes it). Off by default (profile all) - Recreate is right for workloads that must never run twice.
# custom:
#   id: rolling-update-strategy
#   severity: info
#   category: availability
#   profile: all
#   remedy: Use the RollingUpdate strategy (the default) unless two versions must never run at once.
#   peers: [kube-linter:no-rolling-update-strategy, kube-score:deployment-strategy]
package poddoctor.lint.rolling_update_strategy

field := "strategy" if input.kind == "Deployment"

field := "updateStrategy" if input.kind in {"DaemonSet", "StatefulSet"}

findings contains f if {
	strategy := object.get(input, ["spec", field, "type"], "RollingUpdate")
	strategy != "RollingUpdate"
	f := {
		"msg": sprintf("%s %s updates with the %v strategy", [input.kind, input.metadata.name, strategy]),
		"path": sprintf("spec.%s.type", [field]),
	}
}
