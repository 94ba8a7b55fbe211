package manifest

import (
	"testing"
)

func TestPositionFallsBackToAncestor(t *testing.T) {
	data := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations:\n    a.io/b: \"yes\"\nspec:\n  containers:\n  - name: web\n    image: web\n    resources:\n    command: ~\n"
	objects, problems := Parse("p.yaml", []byte(data))
	if len(problems) > 0 || len(objects) != 1 {
		t.Fatalf("problems %v", problems)
	}
	o := objects[0]
	tests := []struct {
		path string
		want string
	}{
		{"", "1:1"},
		{"kind", "2:7"},
		{"metadata", "3:1"},
		{"metadata.name.first", "4:9"},             // below a scalar: the scalar
		{`metadata.annotations["a.io/b"]`, "6:13"}, // quoted key
		{"metadata.annotations.a.io/b", "5:3"},     // unquoted: no such key "a"
		{"spec.containers[0].resources.limits", "11:5"},
		{"spec.containers[0].securityContext", "9:5"},
		{"spec.containers[9]", "8:3"},
		{"spec.containers.name", "8:3"}, // a key on a list
		{"spec[0]", "7:1"},              // an index on a mapping
		{"spec.containers[x].image", "8:3"},
		{"nothing.at.all", "1:1"},
		{".kind", "2:7"},
		{"spec.containers[0].resources", "11:5"}, // empty value: the key
		{"spec.containers[0].command", "12:14"},  // explicit null: the value
	}
	for _, tt := range tests {
		loc := o.Position(tt.path)
		if got := lineCol(loc.Line, loc.Column); got != tt.want || loc.File != "p.yaml" {
			t.Errorf("Position(%q) = %s:%s, want %s", tt.path, loc.File, got, tt.want)
		}
	}
}
