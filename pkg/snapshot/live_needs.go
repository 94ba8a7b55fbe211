package snapshot

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/internal/podlook"
)

// liveNeeds decides, from the pods and events read, which other objects the
// diagnosis will look at, so that Live lists a kind only when something
// needs it. It errs on the side of listing: an unneeded list costs one
// request, a missing one costs a finding.
//
// What the diagnosis reads of each kind, and so when it is needed:
//
//   - ReplicaSets: the owner chain of a pod (pod -> ReplicaSet -> Deployment)
//     and pod-create-failed. Needed when an unhealthy pod is controlled by a
//     ReplicaSet or a warning event is about one.
//   - Deployments: rollout-stuck, over their ReplicaSets. Needed when a
//     needed ReplicaSet is controlled by a Deployment, or a warning event is
//     about one (decided after the ReplicaSets are read; they are listed
//     beside the ReplicaSets, so as not to wait for them, and dropped when
//     not needed).
//   - StatefulSets, DaemonSets, Jobs: pod-create-failed and job facts, and
//     the chain beyond them (a StatefulSet an operator owns, a Job a CronJob
//     owns). Needed when an unhealthy pod is controlled by one or a warning
//     event is about one.
//   - Nodes: node facts of a pod and the largest allocatable of the cluster
//     (unschedulable-resources). Needed when any pod is unhealthy or a
//     warning event is about a node.
//   - CronJobs: never. No diagnosis reads a CronJob; the top of a Job's
//     chain is its ownerReference, which names the CronJob with its uid
//     exactly as the object would.
//
// So a run lists at most six kinds besides pods and events, and five or
// fewer unless the unhealthy pods and warnings involve ReplicaSets,
// StatefulSets, DaemonSets and Jobs at once.
type liveNeeds struct {
	snap *Snapshot
	now  time.Time
	// unhealthy are the indexes of the pods that may have something to say.
	unhealthy []int
	// controllers are the uids of the controllers of unhealthy pods, and
	// warnedKinds the kinds warning events are about; warned holds those
	// objects' uids (or names, for events without one).
	controllers map[types.UID]bool
	podOwners   map[string]bool
	warnedKinds map[string]bool
	warned      map[types.UID]bool
	warnedNames map[ObjectKey]bool
	// warnedAt is when a Warning event about each object was last seen,
	// by uid and by name.
	warnedAt      map[types.UID]warnedTime
	warnedNamesAt map[ObjectKey]warnedTime
}

// warnedTime is the latest time a Warning event about an object was seen;
// undated when one of them does not say.
type warnedTime struct {
	last    time.Time
	undated bool
}

func (w warnedTime) add(t time.Time) warnedTime {
	if t.IsZero() {
		w.undated = true
	} else if t.After(w.last) {
		w.last = t
	}
	return w
}

func (w warnedTime) since(t time.Time) bool { return w.undated || w.last.After(t) }

func newLiveNeeds(s *Snapshot) *liveNeeds {
	n := &liveNeeds{
		snap:          s,
		controllers:   map[types.UID]bool{},
		podOwners:     map[string]bool{},
		warnedKinds:   map[string]bool{},
		warned:        map[types.UID]bool{},
		warnedNames:   map[ObjectKey]bool{},
		warnedAt:      map[types.UID]warnedTime{},
		warnedNamesAt: map[ObjectKey]warnedTime{},
		now:           s.CapturedAt,
	}
	if n.now.IsZero() {
		n.now = time.Now()
	}
	for i := range s.Events {
		e := &s.Events[i]
		if e.Type != corev1.EventTypeWarning {
			continue
		}
		ref := e.InvolvedObject
		n.warnedKinds[ref.Kind] = true
		key := ObjectKey{Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name}
		if ref.UID != "" {
			n.warned[ref.UID] = true
			n.warnedAt[ref.UID] = n.warnedAt[ref.UID].add(e.LastTimestamp.Time)
		}
		n.warnedNames[key] = true
		n.warnedNamesAt[key] = n.warnedNamesAt[key].add(e.LastTimestamp.Time)
	}
	for i := range s.Pods {
		pod := &s.Pods[i]
		if !n.podUnhealthy(pod) {
			continue
		}
		n.unhealthy = append(n.unhealthy, i)
		if ref := metav1.GetControllerOf(pod); ref != nil {
			n.podOwners[ref.Kind] = true
			n.controllers[ref.UID] = true
		}
	}
	return n
}

// needs reports whether objects of this kind (plain: "ReplicaSet") are
// needed, judged on the pods and events alone.
func (n *liveNeeds) needs(kind string) bool {
	switch kind {
	case "Node":
		return len(n.unhealthy) > 0 || n.warnedKinds["Node"]
	case "ReplicaSet", "StatefulSet", "DaemonSet", "Job":
		return n.podOwners[kind] || n.warnedKinds[kind]
	case "Deployment":
		return n.warnedKinds[kind]
	}
	return false
}

// relevant reports whether obj, of kind, controls an unhealthy pod or is
// the subject of a warning event.
func (n *liveNeeds) relevant(kind string, obj metav1.Object) bool {
	return n.controllers[obj.GetUID()] || n.warned[obj.GetUID()] ||
		n.warnedNames[ObjectKey{Kind: kind, Namespace: obj.GetNamespace(), Name: obj.GetName()}]
}

// podUnhealthy is the diagnosis' own test of whether a pod needs a look
// (internal/podlook), on the pods and events read so far. Nodes are not
// read yet, so a pod whose Ready condition is not True counts too: the
// node lifecycle controller sets it on the pods of a node that stopped
// reporting.
func (n *liveNeeds) podUnhealthy(pod *corev1.Pod) bool {
	return podlook.Needs(pod, n) || podlook.PodReadyFalse(pod)
}

// Now is the moment the pods were read (podlook.Evidence).
func (n *liveNeeds) Now() time.Time { return n.now }

// NodeReady is unknown for every node: nodes are read after this test
// (podlook.Evidence).
func (n *liveNeeds) NodeReady(string) (ready, known bool) { return false, false }

// WarnedSince reports whether a Warning event about the pod, by uid or by
// name, was last seen at or after since, or at an unknown time
// (podlook.Evidence). Matching both ways is wider than the diagnosis'
// index, which matches by name only events without a uid.
func (n *liveNeeds) WarnedSince(pod *corev1.Pod, since time.Time) bool {
	if w, ok := n.warnedAt[pod.UID]; ok && pod.UID != "" && w.since(since) {
		return true
	}
	w, ok := n.warnedNamesAt[ObjectKey{Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name}]
	return ok && w.since(since)
}

// logTarget is one container log to read.
type logTarget struct {
	key ContainerKey
}

// logTargets are the containers whose log explains their failure, at most
// limit, in pod order: for a container that terminated with an error (or was
// OOM-killed) its own log; for one restarted after such an end, crash-looping
// among them, the log of its previous instance.
func (n *liveNeeds) logTargets(limit int) []logTarget {
	var out []logTarget
	for _, i := range n.unhealthy {
		pod := &n.snap.Pods[i]
		for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
			for _, s := range list {
				if len(out) >= limit {
					return out
				}
				previous, ok := failedLog(s)
				if ok {
					out = append(out, logTarget{key: ContainerKey{Namespace: pod.Namespace, Pod: pod.Name, Container: s.Name, Previous: previous}})
				}
			}
		}
	}
	return out
}

// failedLog says whether a container's log explains a failure, and whether
// that log is its previous instance's.
func failedLog(s corev1.ContainerStatus) (previous, ok bool) {
	failed := func(t *corev1.ContainerStateTerminated) bool {
		return t != nil && (t.ExitCode != 0 || t.Reason == "OOMKilled")
	}
	if failed(s.State.Terminated) {
		return false, true
	}
	if last := s.LastTerminationState.Terminated; failed(last) ||
		(last != nil && s.State.Waiting != nil && s.State.Waiting.Reason == "CrashLoopBackOff") {
		return true, true
	}
	return false, false
}
