package lint

import (
	"slices"

	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// relatedObject is what the cross-object rules of issue 21 need to know of
// the objects that refer to pods or to each other: the Services an Ingress
// or a StatefulSet names, the HorizontalPodAutoscalers and
// PodDisruptionBudgets of a workload, the NetworkPolicies selecting its
// pods, the roles a binding grants, whether a ServiceAccount mounts its
// token, the keys of ConfigMaps and Secrets (never their values). Rego reads them as inventory.related[kind].
type relatedObject struct {
	kind string
	data map[string]any
}

// relatedFields says, for each kind kept, which fields of the object are
// kept (as paths from the object's root, named by their last key).
var relatedFields = map[string][][]string{
	"Service":                 {{"spec", "selector"}, {"spec", "clusterIP"}, {"spec", "type"}, {"spec", "ports"}, {"metadata", "labels"}},
	"HorizontalPodAutoscaler": {{"spec", "scaleTargetRef"}, {"spec", "minReplicas"}, {"spec", "maxReplicas"}},
	"PodDisruptionBudget":     {{"spec", "selector"}, {"spec", "minAvailable"}, {"spec", "maxUnavailable"}},
	"NetworkPolicy":           {{"spec", "podSelector"}, {"spec", "policyTypes"}, {"spec", "egress"}},
	"Role":                    {{"rules"}},
	"ClusterRole":             {{"rules"}},
	"Deployment":              {{"spec", "replicas"}},
	"StatefulSet":             {{"spec", "replicas"}},
	"ReplicaSet":              {{"spec", "replicas"}},
	"ServiceAccount":          {{"automountServiceAccountToken"}},
}

// ConfigMaps and Secrets are under inventory.related too, as
// {namespace, name, keys}: the very entries of inventory.objects, which
// carry their keys (inventory.go, keyedKinds).

// relatedOf copies what the rules need of o; ok is false for other kinds.
func relatedOf(o *manifest.Object) (relatedObject, bool) {
	fields, ok := relatedFields[o.Kind]
	if !ok {
		return relatedObject{}, false
	}
	data := map[string]any{"namespace": o.Namespace, "name": o.Name}
	for _, path := range fields {
		if v := manifest.Lookup(o.Data, path...); v != nil {
			data[path[len(path)-1]] = cloneValue(v)
		}
	}
	return relatedObject{kind: o.Kind, data: data}, true
}

// dataKeys lists the keys (never the values) of a ConfigMap's or
// Secret's data, stringData and binaryData, sorted; never nil.
func dataKeys(o *manifest.Object) []string {
	keys := []string{}
	for _, field := range []string{"data", "stringData", "binaryData"} {
		if m, ok := o.Data[field].(map[string]any); ok {
			for k := range m {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// cloneValue deep-copies a decoded YAML value, so that the inventory
// never shares a map or list with the object (whose strings are its own
// already: pkg/manifest/owned.go).
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, val := range x {
			m[k] = cloneValue(val)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, val := range x {
			l[i] = cloneValue(val)
		}
		return l
	}
	return v
}
