package snapshot

import (
	"reflect"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// checkOwnerScanAgainstDecode fails t when decoding o as a sifted load
// does (scanOwner, then stripOwner) differs from decoding it in full and
// stripping it; it reports whether the scan read it.
func checkOwnerScanAgainstDecode(t *testing.T, o rawObject) bool {
	t.Helper()
	full := (&objDecoder{}).decode(o)
	if !ownerKind(full.kind) {
		return false
	}
	apiVersion := o.apiVersion
	if o.item > 0 && o.kind == "" {
		_, apiVersion, _ = typeMeta(o.data)
	}
	obj, err := decodeKept(full.kind, apiVersion, o.data, func(data []byte, v any) error { return scanOwner(data, v, nil) })
	sifted := (&objDecoder{scanPods: true}).decode(o)
	if full.obj != nil {
		stripOwner(full.obj)
	}
	if sifted.obj != nil {
		stripOwner(sifted.obj)
	}
	if !reflect.DeepEqual(full, sifted) {
		t.Fatalf("%s: a sifted load decodes\n%#v\nthe full decoder, stripped\n%#v", o.describe(full), sifted, full)
	}
	if err != nil {
		return false
	}
	if full.err != nil || len(full.ignored) > 0 {
		t.Fatalf("%s: scanned, but the full decoder gives error %v, gaps %q\n%s", o.describe(full), full.err, full.ignored, o.data)
	}
	stripOwner(obj)
	if !reflect.DeepEqual(obj, full.obj) {
		t.Fatalf("%s: scanned\n%#v\nthe full decoder, stripped\n%#v", o.describe(full), obj, full.obj)
	}
	return true
}

func TestScanOwnerMatchesDecode(t *testing.T) {
	owners, read := 0, 0
	for _, path := range savedSnapshotPaths(t) {
		for _, o := range cutObjects(t, []string{path}, nil) {
			if d := (&objDecoder{}).decode(o); ownerKind(d.kind) {
				owners++
			}
			if checkOwnerScanAgainstDecode(t, o) {
				read++
			}
		}
	}
	if read == 0 || read == owners {
		t.Fatalf("the scan read %d of %d saved owners: the test proves nothing unless it reads some and declines some", read, owners)
	}
	t.Logf("saved snapshots: the scan read %d of %d owners", read, owners)
	for _, opts := range []corpus.SnapshotOptions{{Pods: 400}, {Pods: 400, Seed: 5}} {
		owners, read := 0, 0
		for _, o := range generatedObjects(t, opts) {
			if d := (&objDecoder{}).decode(o); ownerKind(d.kind) {
				owners++
			}
			if checkOwnerScanAgainstDecode(t, o) {
				read++
			}
		}
		if read == 0 || read != owners {
			t.Fatalf("%+v: the scan read %d of %d owners", opts, read, owners)
		}
		t.Logf("%+v: the scan read %d of %d owners", opts, read, owners)
	}
}

// TestScanOwnerDeclines changes one thing in the pod template of an owner
// the scan reads: a template it does not decode is still checked.
func TestScanOwnerDeclines(t *testing.T) {
	const plain = `{"kind": "Deployment", "apiVersion": "apps/v1",
	"metadata": {"name": "web", "namespace": "shop", "uid": "d-1", "generation": 3, "labels": {"app": "web"},
		"annotations": {"deployment.kubernetes.io/revision": "3", "note": "x"}},
	"spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
		"template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
			"resources": {"limits": {"memory": "512Mi"}}, "ports": [{"containerPort": 8080}]}]}},
		"strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}}},
	"status": {"observedGeneration": 3, "replicas": 3, "readyReplicas": 3, "conditions": [{"type": "Available", "status": "True",
		"lastUpdateTime": "2026-03-14T09:20:00Z", "lastTransitionTime": "2026-03-14T09:20:00Z", "reason": "MinimumReplicasAvailable"}]}
}`
	check := func(data string) bool {
		t.Helper()
		return checkOwnerScanAgainstDecode(t, rawObject{source: "deploy.json", doc: 1, data: []byte(data), kind: "Deployment", apiVersion: "apps/v1"})
	}
	if !check(plain) {
		t.Fatal("the scan declines the plain Deployment")
	}
	for _, c := range []struct{ name, from, to string }{
		{"a bad quantity in the template", `"512Mi"`, `"512 megs"`},
		{"a string for a port in the template", `"containerPort": 8080`, `"containerPort": "8080"`},
		{"a label that is not a string", `"labels": {"app": "web"}}, "spec"`, `"labels": {"app": 1}}, "spec"`},
		{"a member twice", `"replicas": 3,`, `"replicas": 3, "replicas": 4,`},
		{"a bad surge", `"maxSurge": 1`, `"maxSurge": 1.5`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(plain, c.from) {
				t.Fatalf("%q is not in the plain Deployment", c.from)
			}
			if check(strings.Replace(plain, c.from, c.to, 1)) {
				t.Errorf("the scan read a Deployment with %s", c.name)
			}
		})
	}
}
