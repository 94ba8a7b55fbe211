package lint

import (
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// TestInventoryValueIsItsJSON checks that the inventory built directly as
// a Rego value is exactly the value of its JSON form, which is what
// policies (and docs/policies.md) see.
func TestInventoryValueIsItsJSON(t *testing.T) {
	var objects []*manifest.Object
	for _, mix := range []string{corpus.MixMixed, corpus.MixReference} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 500, Mix: mix})
		for _, f := range files {
			objs, _ := manifest.Parse(f.Path, f.Data)
			objects = append(objects, objs...)
		}
	}
	extra, _ := manifest.Parse("x.yaml", []byte(`apiVersion: v1
kind: Pod
metadata: {name: p, namespace: "", labels: {"a": "1", "b": 2}}
spec:
  containers:
  - name: c
    ports: [{containerPort: 80}, {name: "", containerPort: 81}, {name: web, containerPort: 8080.0}, "junk"]
---
apiVersion: v1
kind: Secret
metadata: {name: s}
`))
	objects = append(objects, extra...)
	for _, objs := range [][]*manifest.Object{nil, objects} {
		inv := newInventory()
		for _, o := range objs {
			inv.add(inventoryEntryOf(o))
		}
		got, err := inv.value()
		if err != nil {
			t.Fatal(err)
		}
		want, err := eval.ToValue(inv)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("inventory of %d objects differs from its JSON form", len(objs))
		}
	}
}
