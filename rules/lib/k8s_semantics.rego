# Kubernetes semantics the peers' checks get wrong, kept in one place so
# every rule reads them the same way: which pods run once, which labels
# controllers add to the pods they create, which node paths are sensitive.
package poddoctor.lib.k8s

# run_once holds when the pod's containers are meant to finish: Jobs and
# CronJobs, Pods whose restartPolicy is Never or OnFailure (Helm test pods,
# one-shot tasks) and Helm hooks, which Helm waits on to complete. Such
# containers need no liveness or readiness probe: nothing routes to them
# and nothing restarts them for hanging.
run_once if input.kind in {"Job", "CronJob"}

run_once if object.get(pod_spec, "restartPolicy", "Always") in {"Never", "OnFailure"}

run_once if {
	hook := object.get(as_object(object.get(input, "metadata", {})), ["annotations", "helm.sh/hook"], "")
	is_string(hook)
	hook != ""
}

# serving holds when the pod is long-running and not run-once: the pods
# probes are for.
serving if {
	long_running
	not run_once
}

# controller_label_matches holds when a selector's key=value is satisfied by
# a label that the template's controller adds to every pod it creates
# (pkg/controller in kube-controller-manager): the template itself never
# carries these, so a Service selecting one pod of a StatefulSet (argo-cd
# HA's redis, any "pod-0" Service) must not look dangling.
controller_label_matches(t, key, value) if {
	t.kind == "StatefulSet"
	key == "statefulset.kubernetes.io/pod-name"
	is_string(value)
	startswith(value, sprintf("%s-", [t.name]))
	regex.match(`^[0-9]+$`, substring(value, count(t.name) + 1, -1))
}

controller_label_matches(t, key, value) if {
	t.kind == "StatefulSet"
	key == "apps.kubernetes.io/pod-index"
	regex.match(`^[0-9]+$`, value)
}

# Hashes and uids are computed by the controller; any value can match.
controller_label_matches(t, key, _) if {
	some k in controller_hash_labels[t.kind]
	key == k
}

controller_label_matches(t, key, value) if {
	t.kind == "Job"
	key in {"job-name", "batch.kubernetes.io/job-name"}
	value == t.name
}

controller_hash_labels := {
	"Deployment": {"pod-template-hash"},
	"StatefulSet": {"controller-revision-hash"},
	"DaemonSet": {"controller-revision-hash", "pod-template-generation"},
	"Job": {"controller-uid", "batch.kubernetes.io/controller-uid"},
}

# controller_label_keys are every key controller_label_matches may accept;
# they are not in the inventory's label index.
controller_label_keys := {
	"statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index",
	"pod-template-hash", "controller-revision-hash", "pod-template-generation",
	"controller-uid", "batch.kubernetes.io/controller-uid",
	"job-name", "batch.kubernetes.io/job-name",
}

# template_label_matches holds when pods of template t carry key=value,
# from the template or from their controller.
template_label_matches(t, key, value) if t.labels[key] == value

template_label_matches(t, key, value) if controller_label_matches(t, key, value)

# sensitive_host_path names what a hostPath exposes when it is one of the
# node's sensitive places, a parent of one (mounting /var/run gives the
# Docker socket, mounting / gives everything) or a directory below one
# (/etc/kubernetes, /proc/1), else is undefined.
sensitive_host_path(path) := sensitive_host_paths[clean] if {
	clean := trim_right_slashes(path)
	sensitive_host_paths[clean]
} else := sprintf("the parent of %s", [concat(", ", sort(children))]) if {
	clean := trim_right_slashes(path)
	children := {p | some p, _ in sensitive_host_paths; p != ""; startswith(p, sprintf("%s/", [clean]))}
	count(children) > 0
} else := sensitive_host_paths[parent] if {
	clean := trim_right_slashes(path)
	parents := {p | some p, _ in sensitive_host_paths; p != ""; not p in sensitive_socket_paths; startswith(clean, sprintf("%s/", [p]))}
	count(parents) > 0
	parent := max(parents)
}

# A path that is not a string (invalid-manifest reports it) names no
# sensitive path.
trim_right_slashes(p) := trim_right(p, "/") if is_string(p)

sensitive_socket_paths := {
	"/var/run/docker.sock", "/run/docker.sock",
	"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock",
	"/var/run/crio/crio.sock", "/run/crio/crio.sock",
}

sensitive_host_paths := {
	"": "the node's whole file system",
	"/etc": "the node's configuration, including its credentials",
	"/proc": "the node's processes and kernel settings",
	"/sys": "the node's kernel and devices",
	"/root": "root's home directory on the node",
	"/home": "the users' home directories on the node",
	"/boot": "the node's kernel and boot loader",
	"/dev": "the node's devices",
	"/var/lib/kubelet": "the kubelet's data, including every pod's secrets",
	"/var/lib/docker": "the container runtime's data",
	"/var/lib/containerd": "the container runtime's data",
	"/var/run/docker.sock": "the Docker socket, which controls every container on the node",
	"/run/docker.sock": "the Docker socket, which controls every container on the node",
	"/var/run/containerd/containerd.sock": "the containerd socket, which controls every container on the node",
	"/run/containerd/containerd.sock": "the containerd socket, which controls every container on the node",
	"/var/run/crio/crio.sock": "the CRI-O socket, which controls every container on the node",
	"/run/crio/crio.sock": "the CRI-O socket, which controls every container on the node",
}

# related lists what the input holds of a kind the cross-object rules read
# (pkg/lint/inventory_related.go): Service, HorizontalPodAutoscaler,
# PodDisruptionBudget, NetworkPolicy, Role, ClusterRole, ConfigMap, Secret.
related(kind) := inventory_at(["related", kind], [])

namespace_of(obj) := object.get(as_object(object.get(obj, "metadata", {})), "namespace", "")

# autoscalers are the HorizontalPodAutoscalers of the input that scale this
# object.
autoscalers := [h |
	some h in autoscalers_of(input.metadata.name)
	ref := as_object(object.get(h, "scaleTargetRef", {}))
	ref.kind == input.kind
	ref.name == input.metadata.name
	same_namespace(h.namespace, namespace_of(input))
]

autoscaled if count(autoscalers) > 0

# selecting_candidates are the related objects of kind (a
# PodDisruptionBudget or NetworkPolicy) whose label selector may select
# pods labelled labels: with the inventory's selector index
# (pkg/lint/selector_index.go), those whose matchLabels hold one of the
# labels and those the index cannot narrow; without it, all of them.
# Callers test the selector anyway: the index only spares each workload a
# scan of every budget or policy.
selecting_candidates(kind, labels) := [r | some i in positions; r := inventory_get(["related", kind, i])] if {
	inventory_size(["selector_index", kind]) >= 0
	by_label := {i | some k, v in as_object(labels); some i in inventory_at(["selector_index", kind, "pairs", k, v], [])}
	positions := by_label | {i | some i in inventory_at(["selector_index", kind, "other"], [])}
} else := related(kind)

# autoscalers_of are the HorizontalPodAutoscalers of the input that may
# scale a workload called name, in inventory order: with the inventory's
# scale_targets index (pkg/lint/name_indexes.go), those whose
# scaleTargetRef names it; without it, all of them. Callers test the
# target's kind, name and namespace anyway: the index only spares each
# workload a scan of every autoscaler.
autoscalers_of(name) := [h | some i in inventory_at(["scale_targets", name], []); h := inventory_get(["related", "HorizontalPodAutoscaler", i])] if {
	has_scale_targets
	is_string(name)
} else := related("HorizontalPodAutoscaler")

# label_selector_matches holds when a LabelSelector (matchLabels and
# matchExpressions) selects labels; an empty selector selects everything.
label_selector_matches(selector, labels) if {
	every k, v in object.get(as_object(selector), "matchLabels", {}) {
		labels[k] == v
	}
	every e in as_array(object.get(as_object(selector), "matchExpressions", [])) {
		expression_matches(e, labels)
	}
}

expression_matches(e, labels) if {
	e.operator == "In"
	labels[e.key] in as_array(e.values)
}

expression_matches(e, labels) if {
	e.operator == "NotIn"
	not labels[e.key] in as_array(e.values)
}

expression_matches(e, labels) if {
	e.operator == "Exists"
	labels[e.key]
}

expression_matches(e, labels) if {
	e.operator == "DoesNotExist"
	not labels[e.key]
}

# template_labels are the labels the object's pods carry.
template_labels := object.get(as_object(pod_template_metadata), "labels", {})

# required_value_problem says what is wrong with a required label or
# annotation: missing, or a value the pattern (a regular expression that
# must match the whole value; "" accepts any) does not match.
required_value_problem(values, key, pattern) := "is missing" if {
	not is_string(object.get(values, key, null))
} else := sprintf("has the value %q, which does not match ^(%s)$", [values[key], pattern]) if {
	pattern != ""
	not regex.match(sprintf("^(%s)$", [pattern]), values[key])
}

# any_container_probe holds when some regular container of the pod has the
# probe (livenessProbe, readinessProbe). A pod is Ready only when all its
# containers are, and a container without a readiness probe is ready once
# it runs, so one probe on the serving container gates the whole pod;
# sidecars without probes are the norm.
any_container_probe(probe) if {
	some c in containers
	c.field == "containers"
	is_object(c.spec[probe])
}

# outside_every_service holds when the input defines Services and none of
# them selects this object's pods (by the template's labels, or the labels
# its controller adds): nothing the input defines routes traffic to them.
outside_every_service if {
	inventory_complete
	inventory_size(["related", "Service"]) > 0
	self := {"kind": input.kind, "name": object.get(as_object(object.get(input, "metadata", {})), "name", ""), "labels": as_object(template_labels)}
	not selected_by_some(self)
}

selected_by_some(t) if {
	some s in candidate_services(t)
	same_namespace(s.namespace, namespace_of(input))
	selector := as_object(object.get(s, "selector", {}))
	count(selector) > 0
	every key, value in selector {
		template_label_matches(t, key, value)
	}
}

# requests(spec, resource) holds when a container requests the resource:
# in resources.requests, or by a limit alone, which the API server copies
# into the missing request when it creates the pod (SetDefaults_Pod in
# pkg/apis/core/v1/defaults.go).
requests(spec, resource) if as_object(as_object(object.get(spec, "resources", {})).requests)[resource] != null

requests(spec, resource) if as_object(as_object(object.get(spec, "resources", {})).limits)[resource] != null

# candidate_services are the Services of the inventory (related("Service"),
# in its order) that may select the pods of template t: with the
# inventory's Service index (pkg/lint/service_index.go), those selecting on
# a label t carries or on a label t's controller adds; without it, all of
# them. A Service that selects t is always among them, so selected_by_some
# answers the same, without testing (or, packed, unpacking) every Service
# of the application for every workload.
candidate_services(t) := [s | some i in positions; s := inventory_get(["related", "Service", i])] if {
	has_service_index
	by_label := {i | some k, v in t.labels; some i in inventory_at(["service_index", k, v], [])}
	by_controller := {i | some k in controller_label_keys; some list in inventory_at(["service_index", k], {}); some i in list}
	positions := by_label | by_controller
} else := related("Service")
