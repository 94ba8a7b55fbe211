package snapshot

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// scanPod stands in for the full decoder on the pods a sifted load judges
// and drops, so what it reads must be what the full decoder gives. These
// tests cut every object out of the saved snapshots and generated
// clusters and require, for each pod the scan reads, that the full decode
// succeeds without a note or a gap and that its pod has the same
// SievePodFields; where the scan declines, the result is the full
// decoder's, unchanged.

// checkPodScanAgainstDecode fails t when decoding o with scanPod differs
// from decoding it in full; it reports whether the scan read it.
func checkPodScanAgainstDecode(t *testing.T, o rawObject) bool {
	t.Helper()
	full := (&objDecoder{}).decode(o)
	scanned := (&objDecoder{scanPods: true}).decode(o)
	if !scanned.partial {
		if ownerKind(full.kind) {
			return false // read without what stripOwner drops: TestScanOwnerMatchesDecode
		}
		if !reflect.DeepEqual(full, scanned) {
			t.Fatalf("%s: the decoding changed without a scan:\nfull %#v\nscan %#v", o.describe(full), full, scanned)
		}
		return false
	}
	pod, ok := full.obj.(*corev1.Pod)
	if full.err != nil || len(full.ignored) > 0 || !ok {
		t.Fatalf("%s: scanned, but the full decoder gives error %v, gaps %q, object %T\n%s", o.describe(full), full.err, full.ignored, full.obj, o.data)
	}
	got, _ := scanned.obj.(*corev1.Pod)
	if want := SieveView(pod); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: scanned\n%#v\nthe full decoder reads\n%#v\n%s", o.describe(full), got, want, o.data)
	}
	// The loader dates the capture from every pod it reads, scanned or
	// not.
	var fullTimes, viewTimes []time.Time
	podTimestamps(pod, func(t time.Time) { fullTimes = append(fullTimes, t) })
	podTimestamps(got, func(t time.Time) { viewTimes = append(viewTimes, t) })
	if !slices.EqualFunc(fullTimes, viewTimes, time.Time.Equal) {
		t.Fatalf("%s: the scanned pod's timestamps %v, the whole pod's %v", o.describe(full), viewTimes, fullTimes)
	}
	if scanned.kind != full.kind || scanned.err != nil || scanned.ignored != nil || scanned.scanned != nil {
		t.Fatalf("%s: a scanned result carries more than the scan: %#v", o.describe(full), scanned)
	}
	return true
}

// savedSnapshotPaths lists every file of the saved snapshots.
func savedSnapshotPaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, dir := range equivalenceDirs {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != dir {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				paths = append(paths, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

func TestScanPodMatchesDecode(t *testing.T) {
	pods, read := 0, 0
	for _, path := range savedSnapshotPaths(t) {
		for _, o := range cutObjects(t, []string{path}, nil) {
			if checkPodScanAgainstDecode(t, o) {
				read++
			}
			if d := (&objDecoder{}).decode(o); d.kind == "Pod" {
				pods++
			}
		}
	}
	if read == 0 || read == pods {
		t.Fatalf("the scan read %d of %d saved pods: the test proves nothing unless it reads some and declines some", read, pods)
	}
	t.Logf("saved snapshots: the scan read %d of %d pods", read, pods)

	for _, opts := range []corpus.SnapshotOptions{
		{Pods: 300},
		{Pods: 300, Seed: 7, Order: corpus.OrderEventsFirst},
		{Pods: 500, Seed: 11, EventsPerPod: 9, Order: corpus.OrderEventsLast},
	} {
		pods, read := 0, 0
		for _, o := range generatedObjects(t, opts) {
			if d := (&objDecoder{}).decode(o); d.kind == "Pod" {
				pods++
			}
			if checkPodScanAgainstDecode(t, o) {
				read++
				// kubectl prints members sorted by name (it prints maps), the
				// API server in the order of the Go fields: the same pod in
				// the other order must read the same.
				var m map[string]any
				if err := json.Unmarshal(o.data, &m); err != nil {
					t.Fatal(err)
				}
				sorted, err := json.MarshalIndent(m, "", "    ")
				if err != nil {
					t.Fatal(err)
				}
				o.data = sorted
				if !checkPodScanAgainstDecode(t, o) {
					t.Fatalf("the scan declines a pod with its members sorted:\n%s", sorted)
				}
			}
		}
		// Generated pods are all the plain shape kubectl prints: the scan
		// must read every one, or it buys nothing on large clusters.
		if read == 0 || read != pods {
			t.Fatalf("%+v: the scan read %d of %d pods", opts, read, pods)
		}
		t.Logf("%+v: the scan read %d of %d pods", opts, read, pods)
	}
}

// TestScanPodDeclines holds the scan to giving up on each shape it cannot
// be sure the full decoder reads silently and the same way, by changing
// one thing in a pod it reads.
func TestScanPodDeclines(t *testing.T) {
	const plain = `{"kind": "Pod", "apiVersion": "v1",
	"metadata": {"name": "web-1", "namespace": "shop", "uid": "p-1", "creationTimestamp": "2026-03-14T09:20:00Z",
		"labels": {"app": "web"}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8f", "uid": "rs-1", "controller": true}]},
	"spec": {"containers": [{"name": "web", "image": "nginx:1.27", "env": [{"name": "MODE", "value": "prod"}],
		"resources": {"limits": {"memory": "512Mi"}}, "livenessProbe": {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 10}}],
		"restartPolicy": "Always", "nodeName": "node-1"},
	"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2026-03-14T09:21:00Z"}],
		"containerStatuses": [{"name": "web", "state": {"running": {"startedAt": "2026-03-14T09:20:30Z"}}, "lastState": {},
			"ready": true, "restartCount": 0, "image": "nginx:1.27", "imageID": "docker.io/library/nginx@sha256:aa"}]}
}`
	check := func(data string) bool {
		t.Helper()
		return checkPodScanAgainstDecode(t, rawObject{source: "pod.json", doc: 1, data: []byte(data), kind: "Pod", apiVersion: "v1"})
	}
	if !check(plain) {
		t.Fatal("the scan declines the plain pod")
	}
	for _, c := range []struct{ name, from, to string }{
		{"a member matched without regard to case", `"nodeName"`, `"NodeName"`},
		{"a member matched without regard to case, unplanned", `"periodSeconds"`, `"PeriodSeconds"`},
		{"a member twice", `"restartPolicy": "Always",`, `"restartPolicy": "Always", "restartPolicy": "Never",`},
		{"a member twice, unplanned", `"periodSeconds": 10`, `"periodSeconds": 10, "periodSeconds": 11`},
		{"an escape in a member name", `"nodeName"`, `"node\u004eame"`},
		{"a name outside ASCII", `"labels"`, `"labéls"`},
		{"a string for an integer", `"periodSeconds": 10`, `"periodSeconds": "10"`},
		{"a fraction for an integer", `"periodSeconds": 10`, `"periodSeconds": 10.0`},
		{"an exponent for an integer", `"periodSeconds": 10`, `"periodSeconds": 1e1`},
		{"minus zero", `"restartCount": 0`, `"restartCount": -0`},
		{"an integer out of range", `"restartCount": 0`, `"restartCount": 2147483648`},
		{"a number for a string", `"image": "nginx:1.27", "env"`, `"image": 127, "env"`},
		{"a string for a bool", `"controller": true`, `"controller": "true"`},
		{"an object for a list", `"conditions": [`, `"conditions": {"a": [`},
		{"a bad quantity", `"512Mi"`, `"512 megs"`},
		{"a bad time", `"2026-03-14T09:20:00Z"`, `"yesterday"`},
		{"a bad escape", `"prod"`, `"pr\od"`},
		{"a control character", `"prod"`, "\"pr\tod\""},
		{"a number for a label", `{"app": "web"}`, `{"app": 1}`},
		{"a bool for a port", `"port": 8080`, `"port": true`},
		{"a float for a port", `"port": 8080`, `"port": 80.5`},
		{"trailing bytes", "\n}", "\n}}"},
		{"an unclosed string", `"prod"}]`, `"prod}]`},
		{"a bad literal", `"lastProbeTime": null`, `"lastProbeTime": nul`},
		{"a bad number in an unknown member", `"kind": "Pod",`, `"kind": "Pod", "extra": 01,`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(plain, c.from) {
				t.Fatalf("%q is not in the plain pod", c.from)
			}
			if check(strings.Replace(plain, c.from, c.to, 1)) {
				t.Errorf("the scan read a pod with %s", c.name)
			}
		})
	}
	// What the full decoder reads silently, the scan reads too.
	for _, c := range []struct{ name, from, to string }{
		{"a member the type does not have", `"kind": "Pod",`, `"kind": "Pod", "extra": {"a": [1, 2.5e3, true, null, "x\u00e9"]},`},
		{"an escape in a planned string", `"prod"`, `"pr\u00f6d \"q\""`},
		{"null for a list", `"ownerReferences": [`, `"finalizers": null, "ownerReferences": [`},
		{"an empty list", `"ownerReferences": [`, `"finalizers": [], "ownerReferences": [`},
		{"a port by name", `"port": 8080`, `"port": "http"`},
		{"a quantity as a number", `"512Mi"`, `536870912`},
		{"a time with an escape", `"2026-03-14T09:20:00Z"`, `"2026-03-14T09:20:00\u005a"`},
	} {
		t.Run("reads "+c.name, func(t *testing.T) {
			if !check(strings.Replace(plain, c.from, c.to, 1)) {
				t.Errorf("the scan declined a pod with %s", c.name)
			}
		})
	}
}

// FuzzScanPod holds the scan to the full decoder on any bytes: run with
// go test -fuzz FuzzScanPod -fuzztime 60s -fuzzminimizetime 2s ./pkg/snapshot
func FuzzScanPod(f *testing.F) {
	objs := generatedObjects(f, corpus.SnapshotOptions{Pods: 20})
	indented := false
	for _, o := range objs {
		if d := (&objDecoder{}).decode(o); d.kind == "Pod" {
			if !indented {
				f.Add(o.data)
				indented = true
			}
			f.Add(compactJSON(nil, o.data))
		}
	}
	f.Add([]byte(`{"metadata":{"name":"a"},"status":{"containerStatuses":[{"state":{"terminated":{"exitCode":1}}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPodScanAgainstDecode(t, rawObject{source: "fuzz.json", doc: 1, data: data, kind: "Pod", apiVersion: "v1"})
	})
}
