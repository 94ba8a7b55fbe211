package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	// The v2 JSON package of the Go project (the mirror of the standard
	// library's encoding/json/v2, which Go 1.26 has only behind
	// GOEXPERIMENT=jsonv2; kept by the Go team). With its v1 options it is
	// encoding/json, same semantics, but it parses in one pass instead of
	// validating first and decoding second, and allocates less: it decodes
	// the pods and events of a snapshot 1.8 times as fast, and makes
	// loading a 10,000-pod snapshot 1.7 times as fast. See
	// objDecoder.unmarshal.
	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// rawObject is one object cut out of an input, waiting to be decoded.
type rawObject struct {
	file      int    // the file's number in the load, to order notes
	source    string // the file, for notes
	doc, item int    // document number in the file, item number in a list (0: not an item)
	data      []byte
	// kind and apiVersion come from the object itself for a whole document,
	// and from a typed list (PodList gives "Pod") for its items; they are
	// empty for the items of a v1 List, which are read for their own.
	kind, apiVersion string
}

// describe names the object for a note: "x.json: document 1, item 3 (Pod
// shop/web-1)", with as much as is known.
func (o *rawObject) describe(d decoded) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: document %d", o.source, o.doc)
	if o.item > 0 {
		fmt.Fprintf(&b, ", item %d", o.item)
	}
	if d.kind != "" || d.name != "" {
		b.WriteString(" (")
		b.WriteString(d.kind)
		if d.name != "" {
			if d.kind != "" {
				b.WriteByte(' ')
			}
			if d.namespace != "" {
				b.WriteString(d.namespace + "/")
			}
			b.WriteString(d.name)
		}
		b.WriteByte(')')
	}
	return b.String()
}

// decoded is what became of one rawObject.
type decoded struct {
	kind string // as in Snapshot.Kinds; "" when the object has none
	// obj is a pointer to the typed object of a kept kind, nil otherwise.
	obj             any
	namespace, name string
	err             error
	// ignored says which values of the wrong type were left out of obj.
	ignored []string
	// scanned is set, and obj nil, for an event about a pod that a sifted
	// load read with scanEvent instead of decoding it.
	scanned *scannedEvent
	// partial is set when obj is a pod that scanPod read instead of
	// decoding it: it holds SievePodFields only.
	partial bool
}

// groupOf returns the API group of an apiVersion: "" for the core group.
func groupOf(apiVersion string) string {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		return ""
	}
	return group
}

// kindName spells a kind the Snapshot does not keep as Snapshot.Kinds does:
// plain for the core group, Kind.group otherwise. A kept kind's name claimed by
// a group that has no such kind ("Job" in "v1") carries its apiVersion, so the
// plain name always means the kept kind.
func kindName(kind, apiVersion string) string {
	group := groupOf(apiVersion)
	switch {
	case group != "":
		return kind + "." + group
	case keptKind(kind, "") != "":
		return kind + "." + apiVersion
	}
	return kind
}

// kindKey spells a kind as Snapshot.Kinds does: the plain name of a kept
// kind, kindName otherwise.
func kindKey(kind, apiVersion string) string {
	if kept := keptKind(kind, apiVersion); kept != "" {
		return kept
	}
	return kindName(kind, apiVersion)
}

// keptKind returns the plain name of a kind the Snapshot keeps in full, or ""
// when it does not keep objects of this kind and group. An object with no
// apiVersion at all is taken by its kind alone.
func keptKind(kind, apiVersion string) string {
	group := groupOf(apiVersion)
	switch kind {
	case "Pod", "Node":
		if group == "" {
			return kind
		}
	case "Event":
		if group == "" || group == "events.k8s.io" {
			return kind
		}
	case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet":
		// extensions and the apps betas served the same shapes before apps/v1.
		if apiVersion == "" || group == "apps" || group == "extensions" {
			return kind
		}
	case "Job", "CronJob":
		if apiVersion == "" || group == "batch" {
			return kind
		}
	case "PersistentVolumeClaim":
		if group == "" {
			return kind
		}
	case "StorageClass":
		if apiVersion == "" || group == "storage.k8s.io" {
			return kind
		}
	}
	return ""
}

// decodeAll decodes every object, spreading the work over all cores. The
// results line up with objs. legacy decodes with encoding/json alone, as
// poddoctor did before it had the v2 decoder, for the tests that compare.
func decodeAll(objs []rawObject, legacy bool) []decoded {
	out := make([]decoded, len(objs))
	workers := min(runtime.GOMAXPROCS(0), (len(objs)+63)/64)
	if workers <= 1 {
		dc := &objDecoder{legacy: legacy}
		for i := range objs {
			out[i] = dc.decode(objs[i])
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			dc := &objDecoder{legacy: legacy}
			for {
				i := int(next.Add(1) - 1)
				if i >= len(objs) {
					return
				}
				out[i] = dc.decode(objs[i])
			}
		})
	}
	wg.Wait()
	return out
}

// objDecoder decodes objects, one at a time: each worker has its own.
type objDecoder struct {
	// legacy decodes with encoding/json only.
	legacy bool
	// scanEvents reads events about pods with scanEvent where it can, for
	// a sifted load, which decodes them again only if it keeps them.
	scanEvents bool
	// scanPods reads pods with scanPod where it can, for a sifted load,
	// which decodes them again only if it keeps them, and owners with
	// scanOwner, without the parts stripOwner drops.
	scanPods bool
	// strings interns the strings that objects share (scanEvent, scanPod,
	// scanOwner).
	strings stringTable
	// buf is scratch space for compacted JSON: neither decoder keeps a
	// reference to its input.
	buf []byte
}

// decode decodes one object into its typed struct when the Snapshot keeps its
// kind, and reads only its name otherwise.
func (dc *objDecoder) decode(o rawObject) (d decoded) {
	// The typed structs' own UnmarshalJSON methods (quantities, times) run on
	// whatever the input holds; none of them may take the whole load down.
	defer func() {
		if r := recover(); r != nil {
			d = decoded{kind: d.kind, namespace: d.namespace, name: d.name,
				err: fmt.Errorf("decoder panicked: %v", r)}
		}
	}()
	kind, apiVersion := o.kind, o.apiVersion
	// The items of a typed list (PodList) are of its kind by definition; the
	// items of a v1 List say their own kind, first thing, as kubectl prints.
	if o.item > 0 && kind == "" {
		ownKind, ownVersion, err := typeMeta(o.data)
		if err != nil {
			return decoded{err: err}
		}
		kind, apiVersion = ownKind, ownVersion
	}
	if kind == "" {
		d.namespace, d.name = objectName(o.data)
		return d
	}
	kept := keptKind(kind, apiVersion)
	if kept == "" {
		d = decoded{kind: kindName(kind, apiVersion)}
		d.namespace, d.name = objectName(o.data)
		if o.item > 0 && strings.HasSuffix(kind, "List") {
			d.err = fmt.Errorf("a %s inside a list is not read", kind)
		}
		return d
	}
	if dc.scanEvents && kept == "Event" && groupOf(apiVersion) == "" {
		if ev, ok := scanEvent(o.data, &dc.strings); ok && ev.involved.Kind == "Pod" {
			return decoded{kind: kept, scanned: &ev}
		}
	}
	if dc.scanPods && kept == "Pod" {
		if pod, ok := scanPod(o.data, &dc.strings); ok {
			return decoded{kind: kept, obj: pod, partial: true}
		}
	}
	if dc.scanPods && ownerKind(kept) {
		scan := func(data []byte, v any) error { return scanOwner(data, v, &dc.strings) }
		if obj, err := decodeKept(kept, apiVersion, o.data, scan); err == nil {
			return decoded{kind: kept, obj: obj}
		}
	}
	d = decoded{kind: kept}
	d.obj, d.err = decodeKept(kept, apiVersion, o.data, dc.unmarshal)
	if d.err != nil {
		d.obj = nil
		d.namespace, d.name = objectName(o.data)
		// One value of the wrong type must not drop the object: it is
		// decoded without the values that fail, and says which.
		if obj, ignored, err := decodeLenient(kept, apiVersion, o.data); err == nil {
			d.obj, d.err, d.ignored = obj, nil, ignored
		}
	}
	return d
}

// unmarshal decodes data, as kubectl printed it, into the typed struct v
// points to, exactly as json.Unmarshal decodes data compacted.
//
// kubectl indents its JSON by four spaces, so half the bytes of a List are
// whitespace. encoding/json pays for each of them twice (once to validate,
// once to decode), so it is given the compact form, three times faster to
// decode. The v2 decoder reads in one pass and skips whitespace faster than
// it can be cut out, so it reads data as it is.
//
// When the v2 decoder fails, or panics in an UnmarshalJSON method, data is
// decoded again, compacted, by encoding/json itself: what fails then fails
// with encoding/json's own message, which the notes quote, and whatever the
// two decoders might disagree on in input that is not quite right, it is
// encoding/json that has the last word.
func (dc *objDecoder) unmarshal(data []byte, v any) error {
	if !dc.legacy {
		if unmarshalV2(data, v) {
			return nil
		}
		reflect.ValueOf(v).Elem().SetZero()
	}
	dc.buf = compactJSON(dc.buf[:0], data)
	return json.Unmarshal(dc.buf, v)
}

// ownerKind reports whether a kept kind is one stripOwner strips.
func ownerKind(kind string) bool {
	switch kind {
	case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob":
		return true
	}
	return false
}

// decodeKept decodes data into the typed struct of a kept kind and sets its
// TypeMeta, which list items leave out.
func decodeKept(kind, apiVersion string, data []byte, unmarshal func([]byte, any) error) (any, error) {
	switch kind {
	case "Pod":
		return decodeTyped[corev1.Pod](data, "v1", kind, unmarshal)
	case "Node":
		return decodeTyped[corev1.Node](data, "v1", kind, unmarshal)
	case "Event":
		if groupOf(apiVersion) == "events.k8s.io" {
			ev, err := decodeTyped[eventsv1.Event](data, "events.k8s.io/v1", kind, unmarshal)
			if err != nil {
				return nil, err
			}
			core := EventFromV1(ev)
			return &core, nil
		}
		ev, err := decodeTyped[corev1.Event](data, "v1", kind, unmarshal)
		if err != nil {
			return nil, err
		}
		NormalizeEvent(ev)
		return ev, nil
	case "ReplicaSet":
		return decodeTyped[appsv1.ReplicaSet](data, "apps/v1", kind, unmarshal)
	case "Deployment":
		return decodeTyped[appsv1.Deployment](data, "apps/v1", kind, unmarshal)
	case "StatefulSet":
		return decodeTyped[appsv1.StatefulSet](data, "apps/v1", kind, unmarshal)
	case "DaemonSet":
		return decodeTyped[appsv1.DaemonSet](data, "apps/v1", kind, unmarshal)
	case "Job":
		return decodeTyped[batchv1.Job](data, "batch/v1", kind, unmarshal)
	case "CronJob":
		return decodeTyped[batchv1.CronJob](data, "batch/v1", kind, unmarshal)
	case "PersistentVolumeClaim":
		return decodeTyped[corev1.PersistentVolumeClaim](data, "v1", kind, unmarshal)
	case "StorageClass":
		return decodeTyped[storagev1.StorageClass](data, "storage.k8s.io/v1", kind, unmarshal)
	}
	return nil, fmt.Errorf("kind %s has no decoder", kind)
}

// decodeTyped unmarshals data into a new T and stamps its apiVersion and kind.
func decodeTyped[T any, P interface {
	*T
	GetObjectKind() schema.ObjectKind
}](data []byte, apiVersion, kind string, unmarshal func([]byte, any) error) (P, error) {
	obj := P(new(T))
	if err := unmarshal(data, obj); err != nil {
		return nil, err
	}
	obj.GetObjectKind().SetGroupVersionKind(schema.FromAPIVersionAndKind(apiVersion, kind))
	return obj, nil
}

// objectName reads metadata.namespace and metadata.name, as far as they can be
// read, and nothing else: for Secrets this is all that is ever looked at.
func objectName(data []byte) (namespace, name string) {
	meta := memberValue(data, "metadata")
	if meta == nil {
		return "", ""
	}
	var m struct {
		Namespace string `json:"namespace"`
		Name      string `json:"name"`
	}
	// A partial read is still worth naming the object in a note.
	_ = json.Unmarshal(meta, &m)
	return m.Namespace, m.Name
}

// v2Options make the v2 decoder behave as encoding/json does: names matched
// without regard to case, duplicate names allowed (the last wins, merging into
// what the first set), invalid UTF-8 replaced, UnmarshalJSON methods called
// as encoding/json calls them, and the rest: the v2 package promises that
// jsonv2.Unmarshal(data, v, jsonv1.DefaultOptionsV1()) is json.Unmarshal.
// Two types get a function of their own, doing what their UnmarshalJSON
// method does on compacted JSON, see unmarshalTime and unmarshalFieldsV1.
var v2Options = jsonv2.JoinOptions(
	jsonv1.DefaultOptionsV1(),
	jsonv2.WithUnmarshalers(jsonv2.JoinUnmarshalers(
		jsonv2.UnmarshalFunc(unmarshalTime),
		jsonv2.UnmarshalFunc(unmarshalFieldsV1),
	)),
)

// unmarshalV2 reports whether the v2 decoder read data into v without error.
func unmarshalV2(data []byte, v any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return jsonv2.Unmarshal(data, v, v2Options) == nil
}

// unmarshalTime is metav1.Time's UnmarshalJSON, which decodes its string
// with a second encoding/json run, about a tenth of the decoding time: a
// string without escapes is taken as it is here instead. Anything else goes
// to the method itself.
func unmarshalTime(b []byte, t *metav1.Time) error {
	n := len(b)
	if n < 2 || b[0] != '"' || b[n-1] != '"' || bytes.IndexByte(b, '\\') >= 0 || !utf8.Valid(b) {
		return t.UnmarshalJSON(b)
	}
	pt, err := time.Parse(time.RFC3339, string(b[1:n-1]))
	if err != nil {
		return err
	}
	t.Time = pt.Local()
	return nil
}

// unmarshalFieldsV1 gives metav1.FieldsV1, which keeps its JSON as it is
// (managedFields), the compact form encoding/json gives it.
func unmarshalFieldsV1(b []byte, f *metav1.FieldsV1) error {
	return f.UnmarshalJSON(compactJSON(nil, b))
}
