package lint

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/heaptest"
	"github.com/poddoctor/poddoctor/internal/packed"
	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/pkg/policy/eval"
)

// workloadStream is n applications as a generated corpus has them (bench/gen,
// the shape of most real repositories): a Deployment of two containers with
// named ports, reading a ConfigMap and a Secret, the Service in front of it,
// and the ConfigMap.
func workloadStream(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `apiVersion: v1
kind: Service
metadata: {name: web-%[1]d, namespace: team-%[2]d, labels: {app.kubernetes.io/name: web-%[1]d}}
spec:
  type: ClusterIP
  selector: {app.kubernetes.io/name: web-%[1]d}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-%[1]d-config, namespace: team-%[2]d}
data: {LOG_LEVEL: info, app.yaml: "port: 8080"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-%[1]d, namespace: team-%[2]d, labels: {app.kubernetes.io/name: web-%[1]d}}
spec:
  replicas: 3
  selector: {matchLabels: {app.kubernetes.io/name: web-%[1]d}}
  template:
    metadata: {labels: {app.kubernetes.io/name: web-%[1]d, app.kubernetes.io/part-of: shop}}
    spec:
      serviceAccountName: web-%[1]d
      containers:
      - name: app
        image: registry.example.com/team/web-%[1]d:1.2.3
        ports: [{name: http, containerPort: 8080, protocol: TCP}, {name: metrics, containerPort: 9090, protocol: TCP}]
        env: [{name: DATABASE_URL, valueFrom: {secretKeyRef: {name: web-%[1]d-db, key: url}}}]
        envFrom: [{configMapRef: {name: web-%[1]d-config}}]
      - name: sidecar
        image: nginx:1.27.3
        ports: [{name: sidecar, containerPort: 9001, protocol: TCP}]
---
`, i, i%10)
	}
	return []byte(b.String())
}

// TestInventoryMemoryPerWorkload bounds the Rego value of the inventory
// for each object of a typical application. A run held it from the end of
// the first reading to its end, and on 100,000 objects it was the largest
// thing a lint run held (1,690 bytes an object here, 160 MB there);
// sharing repeated lists and maps (inventory_shared.go) brought it to 980
// (1,090 with the Service index), and sharing the lists of positions of
// the indexes to 990; indexing workloads by name (name_indexes.go) made
// it 1,043. A run of a small input holds it to its end; one past
// packInventoryAbove holds it only while it is packed
// (TestPackedInventoryPerWorkload), at the moment the run's memory peaks.
// An inventory that grows back fails here, in bytes, not in time.
func TestInventoryMemoryPerWorkload(t *testing.T) {
	const apps = 5000
	base := heaptest.Live()
	v, n := workloadInventory(t, apps)
	held := heaptest.Live() - base
	runtime.KeepAlive(v)
	t.Logf("the inventory's Rego value holds %d bytes per object (%d objects)", held/n, n)
	if per := held / n; per > 1050 {
		t.Errorf("the inventory's Rego value holds %d bytes per object, want at most 1050", per)
	}
}

// workloadInventory reads apps applications and returns only the Rego
// value of their inventory and how many objects they hold.
func workloadInventory(t *testing.T, apps int) (eval.Value, int64) {
	t.Helper()
	objects, problems := manifest.Parse("apps.yaml", workloadStream(apps))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	inv := newInventory()
	for _, o := range objects {
		inv.add(inventoryEntryOf(o))
	}
	v, err := inv.value()
	if err != nil {
		t.Fatal(err)
	}
	return v, int64(len(objects))
}

// TestPackedInventoryPerWorkload bounds what a lint run holds of its
// inventory from the end of its first reading to its end: the inventory
// packed (internal/packed), bytes the collector never scans, for each
// object of a typical application. The Rego value it is packed from held
// 1,020 bytes an object (above) in some 30 small terms the collector
// marked at every cycle.
func TestPackedInventoryPerWorkload(t *testing.T) {
	v, n := workloadInventory(t, 5000)
	p, err := packed.Pack(v)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the packed inventory holds %d bytes per object (%d objects)", int64(p.Size())/n, n)
	if per := int64(p.Size()) / n; per > 220 {
		t.Errorf("the packed inventory holds %d bytes per object, want at most 220", per)
	}
}
