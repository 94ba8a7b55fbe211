package manifest

import (
	"strings"
	"testing"
)

// FuzzPosition feeds arbitrary field paths to Position: whatever the path,
// it must not panic and must point inside the file, at the object itself
// when nothing of the path exists.
func FuzzPosition(f *testing.F) {
	const doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    poddoctor.io/ignore: latest-tag\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n"
	objects, problems := Parse("f.yaml", []byte(doc))
	if len(objects) != 1 || len(problems) != 0 {
		f.Fatalf("seed manifest: %d objects, %v", len(objects), problems)
	}
	obj := objects[0]
	lines := strings.Count(doc, "\n")
	for _, seed := range []string{
		"", "spec.template.spec.containers[0].image", "spec.template.spec.containers[9].image",
		`metadata.annotations["poddoctor.io/ignore"]`, "spec..x", "[0]", "spec.template.spec.containers[-1]",
		`metadata.annotations["unterminated`, "spec.template.spec.containers[0].ports[0].containerPort.x",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		loc := obj.Position(path)
		if loc.File != "f.yaml" || loc.Line < 1 || loc.Line > lines {
			t.Fatalf("Position(%q) = %+v, outside the file's %d lines", path, loc, lines)
		}
	})
}
