# METADATA
# title: default-namespace
# description: The object names the default namespace explicitly (metadata.namespace default). The default namespace has no boundary of its own - its quotas, network policies and RBAC are shared with everything else put there - and a namespace written into the manifest overrides kubectl apply -n and helm install --namespace, so the object lands there whichever namespace its release was meant for. Objects carrying Helm's labels (helm.sh/chart, app.kubernetes.io/managed-by Helm) are not reported - a chart's namespace field set from .Release.Namespace renders as default. Off by default (profile strict).
# custom:
#   id: default-namespace
#   severity: info
#   category: security
#   profile: strict
#   remedy: Create a namespace for the application and put the object there, or leave metadata.namespace out and choose the namespace at deploy time (kubectl apply -n, helm install --namespace).
#   peers: [kube-linter:use-namespace]
package poddoctor.lint.default_namespace

import data.poddoctor.lib.k8s

findings contains f if {
	k8s.namespace_of(input) == "default"
	not helm_release_object
	f := {
		"msg": sprintf("%s %s is put in the default namespace", [input.kind, input.metadata.name]),
		"path": "metadata.namespace",
	}
}

# A chart writes namespace: {{ .Release.Namespace }}, which helm template
# (and poddoctor's own rendering) fills with "default" unless told
# otherwise: in a rendered object carrying Helm's labels the namespace is
# the release's choice, not the manifest's.
helm_release_object if {
	labels := k8s.as_object(object.get(k8s.as_object(object.get(input, "metadata", {})), "labels", {}))
	some key, value in labels
	helm_label(key, value)
}

helm_label("helm.sh/chart", _)

helm_label("app.kubernetes.io/managed-by", "Helm")
