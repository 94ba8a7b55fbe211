# METADATA
# title: missing-reference
# description: A pod template refers to a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount that the input does not define, while it does define other objects of that kind (a ServiceAccount also when the input defines none); the pods will not start unless the object exists in the cluster already.
# custom:
#   id: missing-reference
#   severity: info
#   category: correctness
#   remedy: Add the object to the manifests, fix the name, or mark the reference optional if the pods can run without it.
#   peers: [kube-linter:non-existent-service-account, kube-linter:env-value-from]
package poddoctor.lint.missing_reference

import data.poddoctor.lib.k8s

prefix := k8s.pod_spec_prefix

# references are {kind, name, path, optional} for the objects the pod
# template names that a finding below may report: required (optional
# false), not defined in the input, and of a kind the input defines others
# of, or a ServiceAccount. Most references name an object the input
# defines; they are left out before their path is written.
references contains {"kind": "ConfigMap", "name": v.configMap.name, "path": sprintf("%s.volumes[%d].configMap.name", [prefix, i]), "optional": object.get(v.configMap, "optional", false)} if {
	some i, v in object.get(k8s.pod_spec, "volumes", [])
	v.configMap.name
	object.get(v.configMap, "optional", false) == false
	reportable("ConfigMap", v.configMap.name)
}

references contains {"kind": "Secret", "name": v.secret.secretName, "path": sprintf("%s.volumes[%d].secret.secretName", [prefix, i]), "optional": object.get(v.secret, "optional", false)} if {
	some i, v in object.get(k8s.pod_spec, "volumes", [])
	v.secret.secretName
	object.get(v.secret, "optional", false) == false
	reportable("Secret", v.secret.secretName)
}

references contains {"kind": "PersistentVolumeClaim", "name": v.persistentVolumeClaim.claimName, "path": sprintf("%s.volumes[%d].persistentVolumeClaim.claimName", [prefix, i]), "optional": false} if {
	some i, v in object.get(k8s.pod_spec, "volumes", [])
	v.persistentVolumeClaim.claimName
	reportable("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)
}

references contains {"kind": kind, "name": s[field].name, "path": sprintf("%s.volumes[%d].projected.sources[%d].%s.name", [prefix, i, j, field]), "optional": object.get(s[field], "optional", false)} if {
	some i, v in object.get(k8s.pod_spec, "volumes", [])
	some j, s in v.projected.sources
	some field, kind in {"configMap": "ConfigMap", "secret": "Secret"}
	s[field].name
	object.get(s[field], "optional", false) == false
	reportable(kind, s[field].name)
}

references contains {"kind": kind, "name": e.valueFrom[field].name, "path": sprintf("%s.env[%d].valueFrom.%s.name", [c.path, j, field]), "optional": object.get(e.valueFrom[field], "optional", false)} if {
	some c in k8s.containers
	some j, e in object.get(c.spec, "env", [])
	some field, kind in {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}
	e.valueFrom[field].name
	object.get(e.valueFrom[field], "optional", false) == false
	reportable(kind, e.valueFrom[field].name)
}

references contains {"kind": kind, "name": e[field].name, "path": sprintf("%s.envFrom[%d].%s.name", [c.path, j, field]), "optional": object.get(e[field], "optional", false)} if {
	some c in k8s.containers
	some j, e in object.get(c.spec, "envFrom", [])
	some field, kind in {"configMapRef": "ConfigMap", "secretRef": "Secret"}
	e[field].name
	object.get(e[field], "optional", false) == false
	reportable(kind, e[field].name)
}

references contains {"kind": "ServiceAccount", "name": name, "path": sprintf("%s.%s", [prefix, field]), "optional": false} if {
	some field in account_fields
	name := k8s.pod_spec[field]
	is_string(name)
	not name in {"", "default"}
	reportable("ServiceAccount", name)
}

# account_fields is where the pod names its ServiceAccount: serviceAccountName,
# or the deprecated serviceAccount, which the API server reads only when
# serviceAccountName is empty.
account_fields := ["serviceAccountName"] if object.get(k8s.pod_spec, "serviceAccountName", "") != ""

else := ["serviceAccount"]

references contains {"kind": "Secret", "name": s.name, "path": sprintf("%s.imagePullSecrets[%d].name", [prefix, i]), "optional": false} if {
	some i, s in object.get(k8s.pod_spec, "imagePullSecrets", [])
	s.name
	reportable("Secret", s.name)
}

# reportable holds for a reference to name the input does not define, of
# a kind the findings below may report it for.
reportable(kind, name) if {
	k8s.inventory_complete
	reported_kind(kind)
	not defined(kind, name)
}

reported_kind(kind) if k8s.inventory_count(kind) > 0

reported_kind("ServiceAccount")

findings contains f if {
	some ref in references
	k8s.inventory_count(ref.kind) > 0
	f := {
		"msg": sprintf("%s %q is not defined in the input, which defines other %ss", [ref.kind, ref.name, ref.kind]),
		"path": ref.path,
	}
}

# A pod cannot be created before its ServiceAccount exists (the API server's
# ServiceAccount admission plugin rejects it, and the controller retries), so
# an input that defines no ServiceAccount at all still gets a note: the
# account must be in the namespace already.
findings contains f if {
	some ref in references
	ref.kind == "ServiceAccount"
	k8s.inventory_count("ServiceAccount") == 0
	f := {
		"msg": sprintf("ServiceAccount %q is not defined in the input; the pods are rejected until it exists in the namespace", [ref.name]),
		"path": ref.path,
	}
}

defined(kind, name) if {
	some o in k8s.named_objects(kind, name)
	o.name == name
	k8s.same_namespace(o.namespace, k8s.namespace_of(input))
}
