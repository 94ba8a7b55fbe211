package lint

import (
	"strings"

	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// An object refers to another by name in a field called name (a
// LocalObjectReference: configMapKeyRef.name, imagePullSecrets[].name, an
// Ingress backend's service.name, a binding's roleRef.name) or ending in
// Name (secretName, claimName, serviceAccountName, serviceName): the API
// conventions' way of naming a reference. The inventory lists a ConfigMap,
// Secret, claim or ServiceAccount only when some object of its application
// mentions its name so; the others are only counted. A run of 400,000
// ConfigMaps that nothing mounts holds none of them (issue 17), and no
// reference can miss one it names, whichever rule follows it.

// mentionedNames copies the strings o holds in a field called name or
// ending in Name, anywhere but its own metadata.name; each once.
func mentionedNames(o *manifest.Object) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(v any, top bool)
	walk = func(v any, top bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				if s, ok := child.(string); ok && isNameField(k) && !seen[s] && !(top && k == "name") {
					seen[s] = true
					out = append(out, strings.Clone(s))
					continue
				}
				walk(child, false)
			}
		case []any:
			for _, child := range x {
				walk(child, false)
			}
		}
	}
	for k, v := range o.Data {
		walk(v, k == "metadata")
	}
	return out
}

// isNameField says whether a field named so holds the name of an object.
func isNameField(key string) bool {
	return key == "name" || strings.HasSuffix(key, "Name")
}

// kindNames holds one copy of the kinds lint knows, so that the
// inventory entry of each object shares it instead of copying it.
var kindNames = func() map[string]string {
	m := map[string]string{}
	for k := range referencedKinds {
		m[k] = k
	}
	for k := range relatedFields {
		m[k] = k
	}
	for _, k := range []string{"Pod", "DaemonSet", "Job", "CronJob", "Ingress", "Namespace"} {
		m[k] = k
	}
	return m
}()

// kindName is a copy of kind that does not alias the document.
func kindName(kind string) string {
	if k, ok := kindNames[kind]; ok {
		return k
	}
	return strings.Clone(kind)
}
