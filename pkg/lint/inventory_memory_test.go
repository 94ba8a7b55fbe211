package lint

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/heaptest"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// smallConfigMaps is a stream of n small ConfigMaps, as issue 17 measured
// (400,000 of them in 36.7 MB), and one Deployment that mounts cm-7 and
// reads key k of cm-9.
func smallConfigMaps(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\n  namespace: ns\ndata:\n  k: v\n---\n", i)
	}
	b.WriteString(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      volumes: [{name: config, configMap: {name: cm-7}}]
      containers:
      - name: web
        image: nginx:1.27
        env: [{name: K, valueFrom: {configMapKeyRef: {name: cm-9, key: k}}}]
`)
	return []byte(b.String())
}

// TestInventoryListsOnlyMentionedObjects checks that the inventory counts
// every ConfigMap but lists only those some object names, with their keys
// under objects and related alike.
func TestInventoryListsOnlyMentionedObjects(t *testing.T) {
	objects, problems := manifest.Parse("cms.yaml", smallConfigMaps(50))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	v, err := buildInventory(objects)
	if err != nil {
		t.Fatal(err)
	}
	want := ast.MustParseTerm(`[{"namespace": "ns", "name": "cm-7", "keys": ["k"]}, {"namespace": "ns", "name": "cm-9", "keys": ["k"]}]`)
	inv := ast.NewTerm(v)
	for _, path := range []string{"objects.ConfigMap", "related.ConfigMap"} {
		got, err := inv.Value.Find(ast.MustParseRef("x." + path)[1:])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if got.Compare(want.Value) != 0 {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	count, _ := inv.Value.Find(ast.MustParseRef("x.kinds.ConfigMap")[1:])
	if count.Compare(ast.Number("50")) != 0 {
		t.Errorf("kinds.ConfigMap = %v, want 50", count)
	}
}

// TestInventoryMemoryPerObject bounds what the inventory holds for each of
// 20,000 small ConfigMaps that nothing mounts: while the files are read
// (issue 17: 400,000 of them took 1 GB, since each was held as Go maps
// and again as Rego values), and once converted for Rego.
func TestInventoryMemoryPerObject(t *testing.T) {
	const n = 20000
	objects, problems := manifest.Parse("cms.yaml", smallConfigMaps(n))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	base := heaptest.Live()
	inv := newInventory()
	for _, o := range objects {
		inv.add(inventoryEntryOf(o))
	}
	reading := heaptest.Live() - base
	v, err := inv.value()
	if err != nil {
		t.Fatal(err)
	}
	inv = nil
	converted := heaptest.Live() - base
	runtime.KeepAlive(objects)
	runtime.KeepAlive(v)
	t.Logf("per ConfigMap: %d bytes while reading, %d bytes as a Rego value", reading/n, converted/n)
	// A namespace, a name and one key as Go strings are about 120 bytes.
	if per := reading / n; per > 200 {
		t.Errorf("the inventory holds %d bytes per ConfigMap while the files are read, want at most 200", per)
	}
	// Nothing mentions them: the value only counts them.
	if per := converted / n; per > 8 {
		t.Errorf("the inventory's Rego value holds %d bytes per unmentioned ConfigMap, want at most 8", per)
	}
}

// buildInventory reads the objects once, converted for Rego, as one
// application.
func buildInventory(objects []*manifest.Object) (eval.Value, error) {
	inv := newInventory()
	for _, o := range objects {
		inv.add(inventoryEntryOf(o))
	}
	return inv.value()
}
