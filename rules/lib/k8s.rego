# Helpers shared by every policy: where a workload keeps its pod spec, and
# every container of it with its own field path, so a rule reads as one
# condition on one container and points at its own field.
package poddoctor.lib.k8s

# workload is the entry of the object's kind in the table of workload
# kinds, which Go writes (internal/workloads): {"pod_spec": [keys],
# "long_running": bool}. A kind counts only in its own API group: a custom
# resource named Deployment in example.com/v1 is not a workload.
workload := data.poddoctor.lib.workloads.kinds[api_group][input.kind]

# api_group is the group of the object's apiVersion: "apps" for "apps/v1",
# "" for "v1".
api_group := group if {
	is_string(input.apiVersion)
	[group, _] := split(input.apiVersion, "/")
} else := ""

# pod_spec_path is the path of the pod spec inside the object, as a list.
pod_spec_path := workload.pod_spec

# pod_spec_prefix is the same path as text: "spec.template.spec".
pod_spec_prefix := concat(".", pod_spec_path)

# pod_spec is the pod spec of the object: {} for kinds without one, and
# for a spec that is not a mapping (a manifest whose indentation was lost
# has spec: null; unknown-field and the API report that, not a policy error).
pod_spec := spec if {
	spec := object.get(input, pod_spec_path, {})
	is_object(spec)
} else := {}

# pod_template_metadata is the metadata the pods will carry.
pod_template_metadata := object.get(input, array.concat(array.slice(pod_spec_path, 0, count(pod_spec_path) - 1), ["metadata"]), {})

# long_running holds when the pods are meant to keep running (not a Job).
long_running if workload.long_running

container_fields := ["initContainers", "containers", "ephemeralContainers"]

# containers holds every container of every kind with its field path:
# {"name", "field", "index", "spec", "path"}.
containers contains c if {
	some field in container_fields
	list := object.get(pod_spec, field, [])
	is_array(list)
	some i, spec in list
	is_object(spec)
	c := {
		"name": object.get(spec, "name", sprintf("#%d", [i])),
		"field": field,
		"index": i,
		"spec": spec,
		"path": sprintf("%s.%s[%d]", [pod_spec_prefix, field, i]),
	}
}

# app_containers are the containers that run for the pod's lifetime:
# regular ones, and init containers with restartPolicy Always (sidecars).
app_containers contains c if {
	some c in containers
	c.field == "containers"
}

app_containers contains c if {
	some c in containers
	c.field == "initContainers"
	c.spec.restartPolicy == "Always"
}

# as_object returns x when it is a mapping, else {}; as_array likewise. A
# manifest with a wrong shape (spec: null, labels: 7) is reported by
# unknown-field or the API server; a policy must not fail on it, because a
# failing policy hides every other finding about the object.
#
# Written with else, not as two bodies with opposite conditions: they are
# called for nearly every field a rule reads, and an else chain tests the
# type once and stops at the first answer.
as_object(x) := x if is_object(x)
else := {}

as_array(x) := x if is_array(x)
else := []

# effective_security merges the pod's security context under the
# container's, since a container setting wins over the pod default. Six
# rules ask it of each container: the merge of each of the input's
# containers is made once per evaluation (security_by_path), and a
# container that is not one of them is merged when asked.
effective_security(c) := security_by_path[c.path] if {
	is_string(c.path)
} else := merged_security(c.spec)

security_by_path[c.path] := merged_security(c.spec) if some c in containers

merged_security(spec) := object.union(as_object(object.get(pod_spec, "securityContext", {})), as_object(object.get(spec, "securityContext", {})))

# inventory is what the whole input of the run holds (see pkg/lint/inventory.go).
inventory := poddoctor.inventory()

# The helpers below read the inventory part by part. A lint run of a large
# input holds it packed (internal/packed), and poddoctor.inventory.at and
# .size read a part of it without building the rest; where those built-ins are
# undefined (no inventory of the run: a policy test that mocks
# poddoctor.inventory, a diagnosis), the helpers read the same part of
# poddoctor.inventory().

# inventory_at is the part of the inventory at path (a list of keys and
# indexes), or fallback when nothing is there, as object.get gives it.
inventory_at(path, fallback) := v if {
	v := poddoctor.inventory.at(path, fallback)
} else := object.get(inventory, path, fallback)

# inventory_get is the part of the inventory at path, undefined when nothing
# is there. The inventory holds no null, so null means nothing.
inventory_get(path) := v if {
	v := poddoctor.inventory.at(path, null)
	v != null
} else := v if {
	not inventory_of_run
	v := object.get(inventory, path, null)
	v != null
}

# inventory_size is how many members the object, or elements the array, at
# path has; -1 when there is none.
inventory_size(path) := n if {
	n := poddoctor.inventory.size(path)
} else := count(v) if {
	v := object.get(inventory, path, null)
	is_collection(v)
} else := -1

is_collection(v) if is_object(v)

is_collection(v) if is_array(v)

# inventory_object holds when the inventory has an object at path (an
# index: the inventory of a lint run has its indexes as objects).
inventory_object(path) if {
	poddoctor.inventory.size(path) >= 0
} else := true if {
	not inventory_of_run
	is_object(object.get(inventory, path, null))
}

# inventory_of_run holds when the built-ins read the run's own inventory
# (a lint run), rather than nothing.
inventory_of_run if poddoctor.inventory.size([]) >= 0

# inventory_complete holds when the inventory covers the whole input of
# the run; inventory_count(kind) is how many objects of kind it has.
inventory_complete if inventory_at(["complete"], false)

inventory_kinds := inventory_at(["kinds"], {})

inventory_count(kind) := object.get(inventory_kinds, kind, 0)

# Which indexes the inventory has: a lint run's has them all, a mocked one
# may not. Rules, not functions, so that an evaluation asks once.
has_name_index if inventory_object(["name_index"])

has_label_index if inventory_object(["label_index"])

has_template_names if inventory_object(["template_names"])

has_template_namespaces if inventory_object(["template_namespaces"])

has_scale_targets if inventory_object(["scale_targets"])

has_service_index if inventory_object(["service_index"])

# named_objects are the objects of the inventory of a kind that may be the
# one a reference names, in inventory order: with the inventory's name
# index, only those of that name; without it, all of that kind. Same answer,
# without a scan of every ConfigMap for every reference.
named_objects(kind, name) := [o | some i in inventory_at(["name_index", kind, name], []); o := inventory_get(["objects", kind, i])] if {
	has_name_index
} else := inventory_get(["objects", kind])

# same_namespace holds when two objects may share a namespace: manifests
# often leave it out and let kubectl apply -n decide.
same_namespace(a, b) if a == b

same_namespace(a, b) if a == ""

same_namespace(a, b) if b == ""

# selected_templates are the pod templates of the input whose labels a
# Service selector matches, in a namespace the Service can share.
selected_templates(selector, namespace) := [t |
	some t in candidate_templates(selector)
	same_namespace(t.namespace, namespace)
	every key, value in selector {
		template_label_matches(t, key, value)
	}
]

# candidate_templates are the templates a selector may match, in inventory
# order: with the inventory's label index (pkg/lint/inventory.go), only
# those carrying the selector's rarest label; without it, all of them. The
# answer of selected_templates is the same; the index only spares each
# Service a scan of every template of the run.
candidate_templates(selector) := [t | some i in inventory_at(["label_index", key, selector[key]], []); t := inventory_get(["templates", i])] if {
	has_label_index
	is_object(selector)
	keys := {k | some k, _ in selector; not k in controller_label_keys}
	count(keys) > 0
	[_, key] := min({[inventory_size(["label_index", k, selector[k]]), k] | some k in keys})
} else := inventory_get(["templates"])

# has_templates_in holds when the input has a pod template in a namespace
# an object of namespace can share.
has_templates_in(namespace) if {
	some ns in template_namespaces
	same_namespace(ns, namespace)
}

# template_namespaces are the namespaces of the input's pod templates (""
# for those that leave it to kubectl apply -n): with the inventory's count
# of templates by namespace, its keys; without it, a scan of the templates.
template_namespaces := object.keys(inventory_at(["template_namespaces"], {})) if {
	has_template_namespaces
} else := {t.namespace | some t in inventory_get(["templates"])}

# related_named are the related objects of kind (related) that may be
# called name, in inventory order: where the inventory indexes kind by name
# (related_names, pkg/lint/name_indexes.go: Services, ServiceAccounts,
# Roles and ClusterRoles), those of that name; otherwise all of them.
# Callers test the name anyway (related_called does): the index only spares
# each Ingress, pod or binding a scan of every object of the kind.
related_named(kind, name) := [r | some i in inventory_at(["related_names", kind, name], []); r := inventory_get(["related", kind, i])] if {
	inventory_object(["related_names", kind])
	is_string(name)
} else := related(kind)

# related_called are the related objects of kind called name, in a
# namespace an object of namespace can share, in inventory order.
related_called(kind, name, namespace) := [r |
	some r in related_named(kind, name)
	r.name == name
	same_namespace(r.namespace, namespace)
]

# has_related_in holds when the input has a related object of kind in a
# namespace an object of namespace can share.
has_related_in(kind, namespace) if {
	some ns in related_namespaces(kind)
	same_namespace(ns, namespace)
}

# related_namespaces are the namespaces of the related objects of kind:
# with the inventory's count by namespace, its keys; without it, a scan.
related_namespaces(kind) := object.keys(inventory_at(["related_namespaces", kind], {})) if {
	inventory_object(["related_namespaces", kind])
} else := {r.namespace | some r in related(kind)}

# templates_named are the pod templates of the input that may be called
# name, in inventory order: with the inventory's template_names index
# (pkg/lint/name_indexes.go), those of that name; without it, all of them.
# Callers test the name anyway: the index only spares each autoscaler a
# scan of every template.
templates_named(name) := [t | some i in inventory_at(["template_names", name], []); t := inventory_get(["templates", i])] if {
	has_template_names
	is_string(name)
} else := inventory_get(["templates"])

# label_selected_templates are the pod templates of the input, in a
# namespace the object can share, that a label selector (matchLabels and
# matchExpressions, as PodDisruptionBudgets and NetworkPolicies write it)
# selects. Only the templates carrying the rarest of its matchLabels are
# tested (candidate_templates): a template lacking one of them cannot
# match, so the answer is the one a scan of every template gives, without
# n budgets or policies costing n² selector tests.
label_selected_templates(selector, namespace) := [t |
	some t in candidate_templates(object.get(as_object(selector), "matchLabels", {}))
	same_namespace(t.namespace, namespace)
	label_selector_matches(selector, t.labels)
]
