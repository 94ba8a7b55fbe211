package snapshot

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
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
	}
	return ""
}

// decodeAll decodes every object, spreading the work over all cores. The
// results line up with objs.
func decodeAll(objs []rawObject) []decoded {
	out := make([]decoded, len(objs))
	workers := min(runtime.GOMAXPROCS(0), (len(objs)+63)/64)
	if workers <= 1 {
		var buf []byte
		for i := range objs {
			out[i], buf = decodeObject(objs[i], buf)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= len(objs) {
					return
				}
				out[i], buf = decodeObject(objs[i], buf)
			}
		})
	}
	wg.Wait()
	return out
}

// decodeObject decodes one object into its typed struct when the Snapshot
// keeps its kind, and reads only its name otherwise. buf is scratch space for
// the compacted JSON, returned for the next call: encoding/json keeps no
// reference to its input.
func decodeObject(o rawObject, buf []byte) (d decoded, _ []byte) {
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
			return decoded{err: err}, buf
		}
		kind, apiVersion = ownKind, ownVersion
	}
	if kind == "" {
		d.namespace, d.name = objectName(o.data)
		return d, buf
	}
	kept := keptKind(kind, apiVersion)
	if kept == "" {
		d = decoded{kind: kindName(kind, apiVersion)}
		d.namespace, d.name = objectName(o.data)
		if o.item > 0 && strings.HasSuffix(kind, "List") {
			d.err = fmt.Errorf("a %s inside a list is not read", kind)
		}
		return d, buf
	}
	d = decoded{kind: kept}
	buf = compactJSON(buf[:0], o.data)
	d.obj, d.err = decodeKept(kept, apiVersion, buf)
	if d.err != nil {
		d.obj = nil
		d.namespace, d.name = objectName(o.data)
	}
	return d, buf
}

// decodeKept decodes data into the typed struct of a kept kind and sets its
// TypeMeta, which list items leave out.
func decodeKept(kind, apiVersion string, data []byte) (any, error) {
	switch kind {
	case "Pod":
		return decodeTyped[corev1.Pod](data, "v1", kind)
	case "Node":
		return decodeTyped[corev1.Node](data, "v1", kind)
	case "Event":
		if groupOf(apiVersion) == "events.k8s.io" {
			ev, err := decodeTyped[eventsv1.Event](data, "events.k8s.io/v1", kind)
			if err != nil {
				return nil, err
			}
			core := EventFromV1(ev)
			return &core, nil
		}
		ev, err := decodeTyped[corev1.Event](data, "v1", kind)
		if err != nil {
			return nil, err
		}
		NormalizeEvent(ev)
		return ev, nil
	case "ReplicaSet":
		return decodeTyped[appsv1.ReplicaSet](data, "apps/v1", kind)
	case "Deployment":
		return decodeTyped[appsv1.Deployment](data, "apps/v1", kind)
	case "StatefulSet":
		return decodeTyped[appsv1.StatefulSet](data, "apps/v1", kind)
	case "DaemonSet":
		return decodeTyped[appsv1.DaemonSet](data, "apps/v1", kind)
	case "Job":
		return decodeTyped[batchv1.Job](data, "batch/v1", kind)
	case "CronJob":
		return decodeTyped[batchv1.CronJob](data, "batch/v1", kind)
	}
	return nil, fmt.Errorf("kind %s has no decoder", kind)
}

// decodeTyped unmarshals data into a new T and stamps its apiVersion and kind.
func decodeTyped[T any, P interface {
	*T
	GetObjectKind() schema.ObjectKind
}](data []byte, apiVersion, kind string) (P, error) {
	obj := P(new(T))
	if err := json.Unmarshal(data, obj); err != nil {
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
