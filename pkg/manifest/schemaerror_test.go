package manifest

import (
	"errors"
	"testing"
)

// TestSchemaErrorPath checks that an object the decoder refuses names the
// refused field, list indexes included, so that lint can point at it.
func TestSchemaErrorPath(t *testing.T) {
	tests := []struct {
		name, yaml, path string
		line             int
	}{
		{"quoted replicas", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: \"1\"\n", "spec.replicas", 5},
		{"second container", `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - {name: a, image: x, securityContext: {privileged: false}}
  - name: b
    image: x
    securityContext: {privileged: "true"}
`, "spec.containers[1].securityContext.privileged", 9},
		{"bad quantity", `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: a
    image: x
    resources: {limits: {memory: lots}}
`, "spec.containers[0].resources.limits.memory", 8},
		{"list where a map goes", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [a, b]\n", "data", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objects, problems := Parse("s.yaml", []byte(tt.yaml))
			if len(objects) != 1 || len(problems) > 0 {
				t.Fatalf("objects %d, problems %v", len(objects), problems)
			}
			_, err := UnknownFields(objects[0])
			se, ok := errors.AsType[*SchemaError](err)
			if !ok {
				t.Fatalf("error %v, want a SchemaError", err)
			}
			if se.Path != tt.path {
				t.Errorf("path %q, want %q (%v)", se.Path, tt.path, err)
			}
			if loc := objects[0].Position(se.Path); loc.Line != tt.line {
				t.Errorf("position %v, want line %d", loc, tt.line)
			}
		})
	}
}
