package snapshot

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// scanEvent stands in for the full decoder on the events a sifted load
// does not keep, so what it reads must be what the full decoder gives.
// These tests cut every object out of the saved snapshots and generated
// clusters, decode each with and without scanEvent, and require for each:
// where the scan reads an event, the full decode succeeds without a note
// or a gap and its event makes the same record; where it does not, the
// result is the full decoder's, unchanged.

// checkScanAgainstDecode fails t when decoding o with scanEvent differs
// from decoding it in full; it reports whether the scan read it.
func checkScanAgainstDecode(t *testing.T, o rawObject) bool {
	t.Helper()
	full := (&objDecoder{}).decode(o)
	scanned := (&objDecoder{scanEvents: true}).decode(o)
	if scanned.scanned == nil {
		if !reflect.DeepEqual(full, scanned) {
			t.Fatalf("%s: the decoding changed without a scan:\nfull %#v\nscan %#v", o.describe(full), full, scanned)
		}
		return false
	}
	e, ok := full.obj.(*corev1.Event)
	if full.err != nil || len(full.ignored) > 0 || !ok {
		t.Fatalf("%s: scanned, but the full decoder gives error %v, gaps %q, object %T\n%s", o.describe(full), full.err, full.ignored, full.obj, o.data)
	}
	ref := e.InvolvedObject
	want := scannedEvent{
		uid:      e.UID,
		involved: eventSubject{Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name, UID: ref.UID},
		warning:  e.Type == corev1.EventTypeWarning,
		lastSeen: eventLastSeen(e),
		count:    e.Count,
	}
	if got := *scanned.scanned; !reflect.DeepEqual(got, want) || got.lastSeen != want.lastSeen {
		t.Fatalf("%s: scanned %#v, the full decoder makes %#v\n%s", o.describe(full), got, want, o.data)
	}
	if scanned.kind != full.kind || scanned.obj != nil || scanned.err != nil || scanned.ignored != nil {
		t.Fatalf("%s: a scanned result carries more than the scan: %#v", o.describe(full), scanned)
	}
	return true
}

// cutObjects returns every object the loader cuts out of paths (stdin
// standing for "-").
func cutObjects(tb testing.TB, paths []string, stdin []byte) []rawObject {
	tb.Helper()
	l := newLoaderWith(false)
	for _, path := range paths {
		if err := l.addPath(path, bytes.NewReader(stdin)); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	objs, _ := l.dec.wait()
	return objs
}

// generatedObjects are the objects of generatedSnapshot(opts), as the
// loader cuts them.
func generatedObjects(tb testing.TB, opts corpus.SnapshotOptions) []rawObject {
	tb.Helper()
	return cutObjects(tb, []string{"-"}, generatedSnapshot(tb, opts))
}

func TestScanEventMatchesDecode(t *testing.T) {
	seen, read := 0, 0
	for _, path := range savedSnapshotPaths(t) {
		for _, o := range cutObjects(t, []string{path}, nil) {
			seen++
			if checkScanAgainstDecode(t, o) {
				read++
			}
		}
	}
	if read == 0 || read == seen {
		t.Fatalf("the scan read %d of %d saved objects: the test proves nothing unless it reads some and declines some", read, seen)
	}
	t.Logf("saved snapshots: the scan read %d of %d objects", read, seen)

	for _, opts := range []corpus.SnapshotOptions{
		{Pods: 300},
		{Pods: 300, Seed: 7, Order: corpus.OrderEventsFirst},
		{Pods: 500, Seed: 11, EventsPerPod: 9, Order: corpus.OrderEventsLast},
	} {
		events, read := 0, 0
		for _, o := range generatedObjects(t, opts) {
			if bytes.Contains(o.data, []byte(`"kind": "Event"`)) {
				events++
			}
			if checkScanAgainstDecode(t, o) {
				read++
			}
		}
		// Generated events are all the plain shape kubectl prints, about
		// pods: the scan must read every one, or it buys nothing on large
		// clusters.
		if read == 0 || read != events {
			t.Fatalf("%+v: the scan read none of %d events", opts, events)
		}
		t.Logf("%+v: the scan read %d of %d events", opts, read, events)
	}
}

// TestScanEventDeclines holds the scan to giving up on each shape it
// cannot be sure of, by changing one thing in an event it reads.
func TestScanEventDeclines(t *testing.T) {
	const plain = `{"kind": "Event", "apiVersion": "v1",
	"metadata": {"name": "web-1.17c9", "namespace": "shop", "uid": "e-1", "creationTimestamp": "2026-03-14T09:20:00Z"},
	"involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "p-1"},
	"reason": "BackOff", "message": "Back-off restarting failed container web in pod web-1_shop(p-1)",
	"source": {"component": "kubelet", "host": "node-1"},
	"firstTimestamp": "2026-03-14T09:20:00Z", "lastTimestamp": "2026-03-14T09:40:00Z",
	"count": 12, "type": "Warning", "eventTime": null}`
	event := func(data string) rawObject {
		return rawObject{source: "events.json", doc: 1, data: []byte(data), kind: "Event", apiVersion: "v1"}
	}
	if !checkScanAgainstDecode(t, event(plain)) {
		t.Fatal("the scan did not read the plain event")
	}
	// Escapes in a string whose value the scan does not keep are read.
	quoted := strings.Replace(plain, `"reason": "BackOff"`, `"reason": "Back\"Off\\\u00e9\n"`, 1)
	if !checkScanAgainstDecode(t, event(quoted)) {
		t.Fatalf("the scan did not read %s", quoted)
	}
	for _, tc := range []struct{ name, from, to string }{
		{"escape in a string kept", `"name": "web-1"`, `"name": "web\u002d1"`},
		{"escape in a time", `"lastTimestamp": "2026-03-14T09:40:00Z"`, `"lastTimestamp": "2026-03-14T09:40:00\u005a"`},
		{"invalid escape", `"reason": "BackOff"`, `"reason": "Back\xOff"`},
		{"escape cut short", `"reason": "BackOff"`, `"reason": "Back\u00f"`},
		{"duplicate member", `"type": "Warning"`, `"type": "Warning", "type": "Normal"`},
		{"member cased otherwise", `"type": "Warning"`, `"Type": "Warning"`},
		{"unknown member", `"type": "Warning"`, `"type": "Warning", "series": {"count": 3, "lastObservedTime": "2026-03-14T09:50:00.000000Z"}`},
		{"count as a string", `"count": 12`, `"count": "12"`},
		{"count with a fraction", `"count": 12`, `"count": 12.0`},
		{"count past int32", `"count": 12`, `"count": 9999999999`},
		{"count with a leading zero", `"count": 12`, `"count": 012`},
		{"negative count", `"count": 12`, `"count": -1`},
		{"time not RFC 3339", `"lastTimestamp": "2026-03-14T09:40:00Z"`, `"lastTimestamp": "2026-03-14 09:40"`},
		{"eventTime set", `"eventTime": null`, `"eventTime": "2026-03-14T09:40:00.000000Z"`},
		{"null string", `"type": "Warning"`, `"type": null`},
		{"metadata not an object", `"metadata": {"name": "web-1.17c9", "namespace": "shop", "uid": "e-1", "creationTimestamp": "2026-03-14T09:20:00Z"}`, `"metadata": []`},
		{"labels", `"uid": "e-1"`, `"uid": "e-1", "labels": {"a": "b"}`},
		{"invalid UTF-8", `"reason": "BackOff"`, "\"reason\": \"Back\xffOff\""},
		{"control character", `"reason": "BackOff"`, "\"reason\": \"Back\tOff\""},
		{"literal cut short", `"eventTime": null`, `"eventTime": nul`},
		{"trailing bytes", `"eventTime": null}`, `"eventTime": null} x`},
		{"missing comma", `"count": 12, "type"`, `"count": 12 "type"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(plain, tc.from) {
				t.Fatalf("%q is not in the plain event", tc.from)
			}
			data := strings.Replace(plain, tc.from, tc.to, 1)
			if checkScanAgainstDecode(t, event(data)) {
				t.Fatalf("the scan read %s", data)
			}
		})
	}
}

// FuzzScanEvent holds the scan to the full decoder on any bytes: run with
// go test -fuzz FuzzScanEvent -fuzztime 60s -fuzzminimizetime 2s
// ./pkg/snapshot (minimizing an event-sized input for the default minute
// stalls the run).
func FuzzScanEvent(f *testing.F) {
	objs := generatedObjects(f, corpus.SnapshotOptions{Pods: 3})
	indented := false
	for _, o := range objs {
		if bytes.Contains(o.data, []byte(`"kind": "Event"`)) {
			// One as kubectl indents it, the rest compact: small inputs
			// fuzz faster.
			if !indented {
				f.Add(o.data)
				indented = true
			}
			f.Add(compactJSON(nil, o.data))
		}
	}
	f.Add([]byte(`{"involvedObject":{"kind":"Pod"},"count":0,"lastTimestamp":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkScanAgainstDecode(t, rawObject{source: "fuzz.json", doc: 1, data: data, kind: "Event", apiVersion: "v1"})
	})
}
