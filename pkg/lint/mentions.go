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

// mentionedNames lists the strings o holds in a field called name or
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
					out = append(out, s)
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
