# Helpers for the peer comparison: every container of the workload kinds
# poddoctor lints, as conftest users usually write them.
package lib.k8s

pod_spec := input.spec.template.spec if input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

pod_spec := input.spec if input.kind == "Pod"

containers contains c if {
	some field in ["initContainers", "containers"]
	some c in object.get(pod_spec, field, [])
}
