package snapshot

import (
	"errors"
	"slices"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/internal/podlook"
)

// A 150,000-pod cluster saved with `kubectl get -o json` is 3 GB, and held
// whole it takes 8 GB of memory, nearly all of it healthy pods that the
// diagnosis never looks at again. With a PodSieve, Load judges each pod as
// soon as it is decoded and keeps only those the sieve wants; the others
// leave behind where they are in the input, so that evidence read later
// (their node turns out NotReady, a Warning event names them) can bring
// them back, decoded again. Events are kept compactly (where they are in
// the input and whom they are about) until the end, and only those about
// kept objects are decoded again into the Snapshot. Owners are kept
// without their pod templates, which the diagnosis does not read.

// PodSieve chooses, while saved data is read, which pods a Snapshot keeps.
// The diagnosis (pkg/diagnose) provides one that keeps the pods that may
// need a look (internal/podlook) at whatever moment the diagnosis will
// measure ages from; see diagnose.Diagnoser.Sieve.
type PodSieve interface {
	// Observe is shown every pod read, once per uid (the first one read,
	// as Load keeps), in input order, kept or not: what the sieve must
	// know of all pods (how many each owner has, which images run) it
	// learns here. It must not keep the pod. Observe and Keep may read
	// only the fields SievePodFields names: a pod may hold nothing else
	// (SieveView) when they see it.
	Observe(pod *corev1.Pod)
	// Keep reports whether the pod must be kept, judged on the pod alone:
	// newest is the newest timestamp read so far, the pod's own included,
	// which the snapshot's capture time can only be later than. Its node
	// and its events may not have been read yet: a pod not kept is
	// brought back at the end when its node is known and not Ready
	// (podlook.NodeReady), or a Warning event names it, or it shares its
	// namespace and name with a kept pod.
	Keep(pod *corev1.Pod, newest time.Time) bool
}

// Sifted says what a PodSieve left out of a Snapshot.
type Sifted struct {
	// Pods counts the distinct pods read, kept or not; Dropped those left
	// out, Revived those brought back by later evidence; Scanned those
	// judged on what scanPod read of them (SievePodFields), not decoded
	// in full to be judged.
	Pods, Dropped, Revived, Scanned int
	// Sieve is the sieve that chose; it has observed every pod.
	Sieve PodSieve
}

// errUnsiftable stops a sifted load when the input needs what only a
// whole load does (a typed list whose kind comes after its items, kubectl
// describe text): the load starts again without the sieve.
var errUnsiftable = errors.New("input cannot be sifted")

// sifter carries the sifted part of one load.
type sifter struct {
	sieve PodSieve
	// newest is the newest timestamp of the pods and events read so far.
	newest time.Time
	// pods are all distinct pods read, in input order.
	pods     []podRecord
	podByUID map[types.UID]int
	// events are all distinct events read, in input order; a later copy
	// that is fresher takes the place of the first.
	events     records[eventRecord]
	eventByUID map[types.UID]int
	strings    map[string]string
	// aborted is set when the input cannot be sifted.
	aborted bool
	// scanned counts the pods judged from scanPod's read.
	scanned int
}

// podRecord is one pod read: the pod itself when kept, where it is in the
// input when not.
type podRecord struct {
	raw                   rawObject
	pod                   *corev1.Pod
	uid                   types.UID
	namespace, name, node string
	// warned is set when a Warning event names the pod.
	warned bool
	// partial is set when pod holds only what scanPod reads: the pod is
	// kept, and decoded in full at the end.
	partial bool
}

// eventRecord is one event read, compactly: where it is in the input,
// what it is about, whether it is a Warning, and what Load needs to pick
// the fresher of two copies.
type eventRecord struct {
	raw rawObject
	// full is the event itself when it was known to be wanted when read:
	// about a pod kept already, or about anything but a pod. Reading it
	// again at the end would bring the input's pages back.
	full     *corev1.Event
	involved eventSubject
	warning  bool
	lastSeen time.Time
	count    int32
}

// eventSubject is what an eventRecord keeps of the event's
// involvedObject: what the end of the load resolves it by. Three quarters
// of a large snapshot's objects are events, so each field counts.
type eventSubject struct {
	Kind, Namespace, Name string
	UID                   types.UID
}

func newSifter(sieve PodSieve) *sifter {
	return &sifter{sieve: sieve, podByUID: map[types.UID]int{}, eventByUID: map[types.UID]int{}, strings: map[string]string{}}
}

// intern returns one copy of each distinct string: namespaces, kinds and
// names repeat over the events of a cluster.
func (f *sifter) intern(s string) string {
	if v, ok := f.strings[s]; ok {
		return v
	}
	f.strings[s] = s
	return s
}

// see moves newest forward to t.
func (f *sifter) see(t time.Time) {
	if t.After(f.newest) {
		f.newest = t
	}
}

// takePod judges one pod, decoded in full or (partial) read by scanPod:
// a kept partial pod is decoded in full at the end of the load.
func (l *loader) takePod(o *rawObject, pod *corev1.Pod, partial bool) {
	f := l.sift
	if pod.UID != "" {
		if _, dup := f.podByUID[pod.UID]; dup {
			l.duplicates++
			return
		}
		f.podByUID[pod.UID] = len(f.pods)
	}
	l.snap.Kinds["Pod"]++
	podTimestamps(pod, f.see)
	f.sieve.Observe(pod)
	rec := podRecord{uid: pod.UID, namespace: f.intern(pod.Namespace), name: pod.Name, node: f.intern(pod.Spec.NodeName)}
	if f.sieve.Keep(pod, f.newest) {
		rec.pod = pod
	}
	if rec.pod == nil || partial {
		rec.raw = *o
	}
	rec.partial = partial && rec.pod != nil
	if partial {
		f.scanned++
	}
	f.pods = append(f.pods, rec)
}

// takeEvent keeps one decoded event compactly.
func (l *loader) takeEvent(o *rawObject, e *corev1.Event) {
	f := l.sift
	ref := e.InvolvedObject
	var full *corev1.Event
	if ref.Kind != "Pod" {
		full = e
	} else if at, ok := f.podByUID[ref.UID]; ok && ref.UID != "" && f.pods[at].pod != nil {
		full = e
	}
	l.takeEventRecord(o, e.UID, eventRecord{full: full, warning: e.Type == corev1.EventTypeWarning, lastSeen: eventLastSeen(e), count: e.Count,
		involved: eventSubject{Kind: f.intern(ref.Kind), Namespace: f.intern(ref.Namespace), Name: f.intern(ref.Name), UID: types.UID(f.intern(string(ref.UID)))}})
}

// takeScannedEvent keeps an event about a pod that scanEvent read without
// decoding it: at the end of the load it is decoded if its pod is kept.
// The decode worker interned its subject's strings already.
func (l *loader) takeScannedEvent(o *rawObject, ev *scannedEvent) {
	l.takeEventRecord(o, ev.uid, eventRecord{warning: ev.warning, lastSeen: ev.lastSeen, count: ev.count, involved: ev.involved})
}

// takeEventRecord keeps one event's record, or the fresher of two copies.
func (l *loader) takeEventRecord(o *rawObject, uid types.UID, rec eventRecord) {
	f := l.sift
	f.see(rec.lastSeen)
	rec.raw = *o
	if uid != "" {
		if at, dup := f.eventByUID[uid]; dup {
			l.duplicates++
			first := f.events.At(at)
			if fresherThan(first.lastSeen, first.count, rec.lastSeen, rec.count) {
				*first = rec
			}
			return
		}
		f.eventByUID[uid] = f.events.Len()
	}
	l.snap.Kinds["Event"]++
	f.events.Append(rec)
}

// fresherThan is fresherEvent on what an eventRecord keeps.
func fresherThan(aSeen time.Time, aCount int32, bSeen time.Time, bCount int32) bool {
	if !bSeen.Equal(aSeen) {
		return bSeen.After(aSeen)
	}
	return bCount > aCount
}

// stripOwner drops from an owner what the diagnosis does not read and
// takes most of its memory: its pod template, managed fields, labels and
// annotations (kubectl apply's last-applied-configuration alone is the
// size of the object), but the Deployment revision of a ReplicaSet.
func stripOwner(obj any) {
	switch o := obj.(type) {
	case *appsv1.ReplicaSet:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.Template)
	case *appsv1.Deployment:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.Template)
	case *appsv1.StatefulSet:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.Template)
	case *appsv1.DaemonSet:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.Template)
	case *batchv1.Job:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.Template)
	case *batchv1.CronJob:
		stripOwnerParts(&o.ObjectMeta, &o.Spec.JobTemplate.Spec.Template)
	}
}

// stripOwnerParts strips an owner's metadata and empties its pod template.
func stripOwnerParts(meta *metav1.ObjectMeta, template *corev1.PodTemplateSpec) {
	stripMeta(meta)
	*template = corev1.PodTemplateSpec{}
}

// revisionAnnotation is the one annotation of an owner the diagnosis
// reads: which of a Deployment's ReplicaSets is the newest.
const revisionAnnotation = "deployment.kubernetes.io/revision"

func stripMeta(m *metav1.ObjectMeta) {
	m.ManagedFields, m.Labels = nil, nil
	revision, ok := m.Annotations[revisionAnnotation]
	m.Annotations = nil
	if ok {
		m.Annotations = map[string]string{revisionAnnotation: revision}
	}
}

// finishSifted brings back the dropped pods that later evidence names,
// decodes the events about kept objects, and fills the Snapshot's pods and
// events in input order.
func (l *loader) finishSifted() {
	f, s := l.sift, l.snap
	// Only reading needed these; the maps below can take their memory.
	f.eventByUID, f.strings = nil, nil
	notReady := map[string]bool{}
	for i := range s.Nodes {
		node := &s.Nodes[i]
		if _, seen := notReady[node.Name]; !seen {
			notReady[node.Name] = !podlook.NodeReady(node)
		}
	}
	// The first pod of each namespace and name, as the Index resolves an
	// event without a uid.
	podByKey := make(map[ObjectKey]int, len(f.pods))
	for i := range f.pods {
		key := ObjectKey{Kind: "Pod", Namespace: f.pods[i].namespace, Name: f.pods[i].name}
		if _, seen := podByKey[key]; !seen {
			podByKey[key] = i
		}
	}
	// resolve returns the pod an event is about, by uid, else by name;
	// -1 for none.
	resolve := func(ref *eventSubject) int {
		if ref.Kind != "Pod" {
			return -1
		}
		if ref.UID != "" {
			if at, ok := f.podByUID[ref.UID]; ok {
				return at
			}
			return -1
		}
		if at, ok := podByKey[ObjectKey{Kind: "Pod", Namespace: ref.Namespace, Name: ref.Name}]; ok {
			return at
		}
		return -1
	}
	for i := range f.events.Len() {
		e := f.events.At(i)
		if !e.warning || e.involved.Kind != "Pod" {
			continue
		}
		if at := resolve(&e.involved); at >= 0 {
			f.pods[at].warned = true
		}
		// By name too: an event of an earlier pod of the same name.
		if at, ok := podByKey[ObjectKey{Kind: "Pod", Namespace: e.involved.Namespace, Name: e.involved.Name}]; ok {
			f.pods[at].warned = true
		}
	}
	// Bring back what the evidence names, and the pods whose uid another
	// kept object has (the Index finds a pod first by uid); then every
	// dropped pod that shares its namespace and name with a kept one, so
	// that the Index finds the same first pod of each name as it would in
	// the whole snapshot.
	others := otherUIDs(s)
	var revive []int
	keptKeys := map[ObjectKey]bool{}
	for i := range f.pods {
		p := &f.pods[i]
		if p.pod == nil && (p.warned || (p.node != "" && notReady[p.node]) || (p.uid != "" && others[p.uid])) {
			revive = append(revive, i)
			p.pod = &corev1.Pod{} // marked; decoded below
		}
		if p.pod != nil {
			keptKeys[ObjectKey{Namespace: p.namespace, Name: p.name}] = true
		}
	}
	for i := range f.pods {
		p := &f.pods[i]
		if p.pod == nil && keptKeys[ObjectKey{Namespace: p.namespace, Name: p.name}] {
			revive = append(revive, i)
			p.pod = &corev1.Pod{}
		}
	}
	// The kept pods that scanPod read are decoded with those brought
	// back, in input order, as the pages of the input come.
	decode := slices.Clone(revive)
	for i := range f.pods {
		if f.pods[i].partial {
			decode = append(decode, i)
		}
	}
	slices.Sort(decode)
	raws := make([]rawObject, len(decode))
	for n, i := range decode {
		raws[n] = f.pods[i].raw
	}
	for n, d := range l.decodeAgain(raws) {
		p := &f.pods[decode[n]]
		p.partial = false
		if pod, ok := d.obj.(*corev1.Pod); ok {
			p.pod = pod
		} else {
			p.pod = nil
		}
	}
	kept := 0
	keptUIDs := map[types.UID]bool{}
	for i := range f.pods {
		if p := &f.pods[i]; p.pod != nil {
			kept++
			if p.uid != "" {
				keptUIDs[p.uid] = true
			}
		}
	}
	s.Pods = make([]corev1.Pod, 0, kept)
	for i := range f.pods {
		if p := &f.pods[i]; p.pod != nil {
			s.Pods = append(s.Pods, *p.pod)
		}
	}
	// Events about pods are kept when the pod is kept, by uid or by name
	// (EventsNamed); events about other objects always.
	var wanted []*eventRecord
	var again []rawObject
	for i := range f.events.Len() {
		e := f.events.At(i)
		if e.involved.Kind == "Pod" && e.full == nil {
			at := resolve(&e.involved)
			byUID := at >= 0 && f.pods[at].pod != nil
			if !byUID && !keptKeys[ObjectKey{Namespace: e.involved.Namespace, Name: e.involved.Name}] {
				continue
			}
		}
		wanted = append(wanted, e)
		if e.full == nil {
			again = append(again, e.raw)
		}
	}
	decodedAgain := l.decodeAgain(again)
	s.Events = make([]corev1.Event, 0, len(wanted))
	for _, e := range wanted {
		if e.full == nil {
			e.full, _ = decodedAgain[0].obj.(*corev1.Event)
			decodedAgain = decodedAgain[1:]
		}
		if e.full != nil {
			s.Events = append(s.Events, *e.full)
		}
	}
	s.Sifted = &Sifted{Pods: len(f.pods), Dropped: len(f.pods) - kept, Revived: len(revive), Scanned: f.scanned, Sieve: f.sieve}
	s.CapturedAt = f.newest
	l.sift = nil
}

// otherUIDs are the uids of the objects other than pods that s keeps.
func otherUIDs(s *Snapshot) map[types.UID]bool {
	out := map[types.UID]bool{}
	s.eachObjectButPods(func(_ string, obj Object) {
		if uid := obj.GetUID(); uid != "" {
			out[uid] = true
		}
	})
	return out
}

// podTimestamps calls see with every timestamp of the pod that the
// capture time can only be later than.
func podTimestamps(pod *corev1.Pod, see func(time.Time)) {
	see(pod.CreationTimestamp.Time)
	for _, c := range pod.Status.Conditions {
		see(c.LastTransitionTime.Time)
	}
	for _, statuses := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses, pod.Status.EphemeralContainerStatuses} {
		for _, c := range statuses {
			for _, state := range []corev1.ContainerState{c.State, c.LastTerminationState} {
				if state.Running != nil {
					see(state.Running.StartedAt.Time)
				}
				if state.Terminated != nil {
					see(state.Terminated.StartedAt.Time)
					see(state.Terminated.FinishedAt.Time)
				}
			}
		}
	}
}
