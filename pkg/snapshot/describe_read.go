package snapshot

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// DescribeCannotCarry lists what the diagnosis cannot read from `kubectl
// describe` text, because describe does not print it.
var DescribeCannotCarry = []string{
	"the waiting message of a container (the kubelet's events carry the same error)",
	"condition messages of pods (the scheduler's FailedScheduling events carry them)",
	"event timestamps (rebuilt from the ages and the capture time)",
	"finalizers, uids and the full owner chain",
}

// describeReader turns the objects of one describe text into API objects.
type describeReader struct {
	// now is the capture time: event ages count back from it.
	now time.Time
	// objects are the typed objects read, in order.
	objects []any
	// kinds counts the objects read per kind, unknown sections under "".
	kinds map[string]int
	// newest is the newest absolute time the text prints.
	newest time.Time
}

// see keeps the newest absolute time printed.
func (r *describeReader) see(t time.Time) {
	if t.After(r.newest) {
		r.newest = t
	}
}

// describeUID makes a stable uid for a described object, which describe
// does not print, so owner references and events find their object.
func describeUID(kind, namespace, name string) types.UID {
	sum := sha1.Sum([]byte(kind + "/" + namespace + "/" + name))
	return types.UID(fmt.Sprintf("describe-%x", sum[:12]))
}

// ownerAPIVersions are the API versions of the kinds describe names in
// "Controlled By: Kind/name".
var ownerAPIVersions = map[string]string{
	"ReplicaSet": "apps/v1", "Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
	"Job": "batch/v1", "CronJob": "batch/v1", "ReplicationController": "v1", "Node": "v1",
}

// meta fills name, namespace, labels, annotations and the controller.
func (r *describeReader) meta(m *metav1.ObjectMeta, root *describeNode, kind string) {
	m.Name = root.get("Name")
	m.Namespace = root.get("Namespace")
	m.UID = describeUID(kind, m.Namespace, m.Name)
	m.Labels = describedMap(root.items("Labels"), "=")
	m.Annotations = describedMap(root.items("Annotations"), ": ")
	if t := parseDescribeTime(root.get("CreationTimestamp")); !t.IsZero() {
		m.CreationTimestamp = metav1.Time{Time: t}
		r.see(t)
	}
	if owner := root.get("Controlled By"); owner != "" {
		ownerKind, name, ok := strings.Cut(owner, "/")
		if ok {
			yes := true
			m.OwnerReferences = []metav1.OwnerReference{{
				APIVersion: ownerAPIVersions[ownerKind], Kind: ownerKind, Name: name,
				UID: describeUID(ownerKind, m.Namespace, name), Controller: &yes,
			}}
		}
	}
}

// describedMap reads "k=v" (labels) or "k: v" (annotations) items.
func describedMap(items []string, sep string) map[string]string {
	if len(items) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, item := range items {
		k, v, _ := strings.Cut(item, sep)
		out[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return out
}

// events turns the Events table of an object into core/v1 Events about it,
// dated back from the capture time by their ages.
func (r *describeReader) events(root *describeNode, apiVersion, kind string, m *metav1.ObjectMeta, fieldPath func(*describedEvent) string) {
	for i, e := range describeEvents(linesOf(root.child("Events"))) {
		component, host, _ := strings.Cut(e.From, ",")
		ev := &corev1.Event{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s.describe-%d", m.Name, i+1), Namespace: m.Namespace},
			InvolvedObject: corev1.ObjectReference{
				APIVersion: apiVersion, Kind: kind, Namespace: m.Namespace, Name: m.Name, UID: m.UID,
			},
			Reason:  e.Reason,
			Message: e.Message,
			Type:    e.Type,
			Count:   e.Count,
			Source:  corev1.EventSource{Component: strings.TrimSpace(component), Host: strings.TrimSpace(host)},
		}
		ev.UID = describeUID("Event", m.Namespace, ev.Name+"/"+m.Name)
		if fieldPath != nil {
			ev.InvolvedObject.FieldPath = fieldPath(&e)
		}
		if e.AgeKnown {
			ev.LastTimestamp = metav1.Time{Time: r.now.Add(-e.Age)}
			ev.FirstTimestamp = ev.LastTimestamp
			if e.Over >= 0 {
				ev.FirstTimestamp = metav1.Time{Time: r.now.Add(-e.Over)}
			}
		}
		r.objects = append(r.objects, ev)
	}
}

// describeUndated is the source of a capture time taken from the clock,
// for describe text that prints no time of its own.
const describeUndated = "the time of reading: the text prints no time"

// readDescribe reads describe text into objects. The capture time, which
// event ages count back from, is now when given; else fileTime when it is
// later than every time the text prints (kubectl wrote the file as it
// described); else the newest time the text prints; else the current time
// (only differences of times matter then).
func readDescribe(text string, now, fileTime time.Time) (*describeReader, string) {
	_, sections := splitDescribed(text)
	roots := make([]*describeNode, 0, len(sections))
	for _, lines := range sections {
		roots = append(roots, parseDescribeTree(lines))
	}
	source := "given with --now"
	if now.IsZero() {
		scan := &describeReader{kinds: map[string]int{}}
		for _, root := range roots {
			scan.read(root)
		}
		switch {
		case fileTime.After(scan.newest):
			now, source = fileTime, "the file's modification time"
		case !scan.newest.IsZero():
			now, source = scan.newest, "the newest time it prints"
		default:
			now, source = time.Now().UTC().Truncate(time.Second), describeUndated
		}
	}
	r := &describeReader{kinds: map[string]int{}, now: now}
	for _, root := range roots {
		r.read(root)
	}
	r.synthesizeReplicaSets(roots)
	return r, source
}

// read adds the object of one describe section.
func (r *describeReader) read(root *describeNode) {
	kind := describedKind(root)
	r.kinds[kind]++
	switch kind {
	case "Pod":
		r.objects = append(r.objects, r.describedPod(root))
	case "Node":
		r.objects = append(r.objects, r.describedNode(root))
	case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob":
		r.objects = append(r.objects, r.describedWorkload(root, kind))
	}
}
