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
---
# Lists whose items would read as one another's without a mark where a
# number ends: [1, 23] and [12, 3]; ["web", 8080] and the ports of the
# Pod below.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a}
spec: {policyTypes: [1, 23]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: b}
spec: {policyTypes: [12, 3]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: c}
spec: {policyTypes: ["web", 8080]}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: c
    ports: [{name: web, containerPort: 8080}]
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
