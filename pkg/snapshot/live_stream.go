package snapshot

import (
	"fmt"
	"slices"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/internal/podlook"
)

// eventSieve decides, while pods and events are still arriving side by
// side, which events the diagnosis can need, so that a large cluster's
// events are never all held at once.
//
// The diagnosis reads the events of the pods that need a look
// (internal/podlook) and every event about another object (owners, nodes,
// claims). So an event about another object is kept at once, decoded; so is
// one about a pod whose status already says it needs a look. Any other pod
// event waits, compact (its protobuf bytes, a few hundred without pointers,
// rather than a decoded Event), until every pod and every event is read:
// only then is it known whether a recent Warning makes its pod need a look
// after all. Warning times are gathered as events arrive, so that last
// judgement is the one liveNeeds makes (podlook.Needs on the pods and
// warnings), and the pods it finds are exactly those whose events are kept.
type eventSieve struct {
	now time.Time // for the judgement of pods as they arrive

	mu sync.Mutex
	// lookByUID and lookByName hold the pods read so far whose status alone
	// says they need a look.
	lookByUID  map[types.UID]bool
	lookByName map[ObjectKey]bool

	read    int            // events read
	seq     int            // order of the next event
	kept    []sievedEvent  // decoded, to hand over
	waiting []waitingEvent // pod events not yet known to be needed
	// warnedAt and warnedNamesAt are the latest Warning about each pod,
	// by uid and by name, over every event read (see liveNeeds).
	warnedAt      map[types.UID]warnedTime
	warnedNamesAt map[ObjectKey]warnedTime
}

// sievedEvent is a kept event and its place in the list.
type sievedEvent struct {
	seq   int
	event corev1.Event
}

// waitingEvent is a pod event kept compact until its pod is judged.
type waitingEvent struct {
	seq int
	uid types.UID
	key ObjectKey
	// raw is its protobuf encoding; decoded holds it when it came as JSON.
	raw     []byte
	decoded *corev1.Event
}

func newEventSieve(now time.Time) *eventSieve {
	return &eventSieve{
		now:           now,
		lookByUID:     map[types.UID]bool{},
		lookByName:    map[ObjectKey]bool{},
		warnedAt:      map[types.UID]warnedTime{},
		warnedNamesAt: map[ObjectKey]warnedTime{},
	}
}

// statusOnly is the evidence of a pod's own status: no node is known and no
// warning counted yet (podlook.Evidence).
type statusOnly struct{ now time.Time }

func (s statusOnly) Now() time.Time                                  { return s.now }
func (statusOnly) NodeReady(string) (ready, known bool)              { return false, false }
func (statusOnly) WarnedSince(pod *corev1.Pod, since time.Time) bool { return false }

// pods records a page of pods as read, judged on their status alone.
func (s *eventSieve) pods(pods []corev1.Pod) {
	var looks []*corev1.Pod
	for i := range pods {
		if podlook.Needs(&pods[i], statusOnly{s.now}) || podlook.PodReadyFalse(&pods[i]) {
			looks = append(looks, &pods[i])
		}
	}
	if len(looks) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, pod := range looks {
		s.lookByUID[pod.UID] = true
		s.lookByName[ObjectKey{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name}] = true
	}
}

// restartPods forgets the pods read: their list starts again. Events kept
// for them stay: an event kept that the diagnosis does not need costs only
// its memory.
func (s *eventSieve) restartPods() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.lookByUID)
	clear(s.lookByName)
}

// restartEvents forgets every event: their list starts again.
func (s *eventSieve) restartEvents() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read, s.kept, s.waiting = 0, nil, nil
	clear(s.warnedAt)
	clear(s.warnedNamesAt)
}

// event takes one event as read (normalized, decoded), with its protobuf
// bytes when it came as protobuf (raw must not be kept by the caller's
// page: event copies what it keeps).
func (s *eventSieve) event(e *corev1.Event, raw []byte) {
	ref := &e.InvolvedObject
	aboutPod := ref.Kind == "Pod" && (ref.APIVersion == "v1" || ref.APIVersion == "")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.read++
	seq := s.seq
	s.seq++
	if !aboutPod {
		s.kept = append(s.kept, sievedEvent{seq: seq, event: *e})
		return
	}
	key := ObjectKey{Kind: "Pod", Namespace: ref.Namespace, Name: ref.Name}
	if e.Type == corev1.EventTypeWarning {
		if ref.UID != "" {
			s.warnedAt[ref.UID] = s.warnedAt[ref.UID].add(e.LastTimestamp.Time)
		}
		s.warnedNamesAt[key] = s.warnedNamesAt[key].add(e.LastTimestamp.Time)
	}
	if (ref.UID != "" && s.lookByUID[ref.UID]) || s.lookByName[key] {
		s.kept = append(s.kept, sievedEvent{seq: seq, event: *e})
		return
	}
	w := waitingEvent{seq: seq, uid: ref.UID, key: key}
	if raw != nil {
		w.raw = slices.Clone(raw)
	} else {
		copied := *e // not a pointer into the page, which would keep all of it
		w.decoded = &copied
	}
	s.waiting = append(s.waiting, w)
}

// finish judges every pod on its status and the warnings about it, keeps
// the waiting events of the pods that need a look, and returns the events
// to hand over, in list order, with the number read.
func (s *eventSieve) finish(snap *Snapshot, now time.Time) ([]corev1.Event, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	judge := &liveNeeds{snap: snap, now: now, warnedAt: s.warnedAt, warnedNamesAt: s.warnedNamesAt}
	lookUID := map[types.UID]bool{}
	lookName := map[ObjectKey]bool{}
	for i := range snap.Pods {
		pod := &snap.Pods[i]
		if judge.podUnhealthy(pod) {
			lookUID[pod.UID] = true
			lookName[ObjectKey{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name}] = true
		}
	}
	for _, w := range s.waiting {
		if !(w.uid != "" && lookUID[w.uid]) && !lookName[w.key] {
			continue
		}
		e := w.decoded
		if e == nil {
			e = &corev1.Event{}
			if err := e.Unmarshal(w.raw); err != nil {
				return nil, s.read, fmt.Errorf("decode event %d again: %w", w.seq, err)
			}
			readyEvent(e)
		}
		s.kept = append(s.kept, sievedEvent{seq: w.seq, event: *e})
	}
	s.waiting = nil
	slices.SortFunc(s.kept, func(a, b sievedEvent) int { return a.seq - b.seq })
	out := make([]corev1.Event, len(s.kept))
	for i := range s.kept {
		out[i] = s.kept[i].event
	}
	s.kept = nil
	return out, s.read, nil
}

// readyEvent gives an event read from the API server the shape a Snapshot
// promises (TypeMeta, normalized times and source), without the server's
// field ownership records, which no diagnosis reads.
func readyEvent(e *corev1.Event) {
	e.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Event"}
	e.ManagedFields = nil
	NormalizeEvent(e)
}
