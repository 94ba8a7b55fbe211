package snapshot

import (
	"slices"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
)

// Object is any object a Snapshot keeps in full: *corev1.Pod,
// *appsv1.ReplicaSet, *corev1.Node and so on. Switch on its type to read it.
type Object interface {
	metav1.Object
	runtime.Object
}

// Index answers the lookups the diagnosis engine makes, each in constant time
// (plus the length of the answer). It points into the Snapshot it was built
// from: build it after the Snapshot is complete, and do not modify the
// Snapshot's slices, nor the slices the Index returns, while it is in use.
type Index struct {
	byUID map[types.UID]ObjectKey
	byKey map[ObjectKey]Object

	eventsByUID  map[types.UID][]*corev1.Event
	eventsByName map[ObjectKey][]*corev1.Event

	podsByOwner        map[types.UID][]*corev1.Pod
	replicaSetsByOwner map[types.UID][]*appsv1.ReplicaSet
	jobsByOwner        map[types.UID][]*batchv1.Job
	podsByNode         map[string][]*corev1.Pod
}

// NewIndex indexes s.
func NewIndex(s *Snapshot) *Index {
	// Sized up front: growing maps of tens of thousands of entries step
	// by step cost a third of indexing a large cluster.
	objects := len(s.Pods) + len(s.ReplicaSets) + len(s.Jobs) + len(s.Deployments) +
		len(s.StatefulSets) + len(s.DaemonSets) + len(s.CronJobs) + len(s.Nodes)
	x := &Index{
		byUID:              make(map[types.UID]ObjectKey, objects),
		byKey:              make(map[ObjectKey]Object, objects),
		eventsByUID:        make(map[types.UID][]*corev1.Event, min(len(s.Events), objects)),
		eventsByName:       make(map[ObjectKey][]*corev1.Event, min(len(s.Events), objects)),
		podsByOwner:        make(map[types.UID][]*corev1.Pod, len(s.ReplicaSets)+len(s.StatefulSets)+len(s.DaemonSets)+len(s.Jobs)),
		replicaSetsByOwner: make(map[types.UID][]*appsv1.ReplicaSet, len(s.Deployments)),
		jobsByOwner:        make(map[types.UID][]*batchv1.Job, len(s.CronJobs)),
		podsByNode:         make(map[string][]*corev1.Pod, len(s.Nodes)),
	}
	for i := range s.Pods {
		pod := &s.Pods[i]
		x.add("Pod", pod)
		for _, ref := range pod.OwnerReferences {
			x.podsByOwner[ref.UID] = append(x.podsByOwner[ref.UID], pod)
		}
		if pod.Spec.NodeName != "" {
			x.podsByNode[pod.Spec.NodeName] = append(x.podsByNode[pod.Spec.NodeName], pod)
		}
	}
	s.eachObjectButPods(x.add)
	for i := range s.ReplicaSets {
		rs := &s.ReplicaSets[i]
		for _, ref := range rs.OwnerReferences {
			x.replicaSetsByOwner[ref.UID] = append(x.replicaSetsByOwner[ref.UID], rs)
		}
	}
	for i := range s.Jobs {
		job := &s.Jobs[i]
		for _, ref := range job.OwnerReferences {
			x.jobsByOwner[ref.UID] = append(x.jobsByOwner[ref.UID], job)
		}
	}
	x.indexEvents(s.Events)
	return x
}

// eachObjectButPods calls f with every object of s but its pods and events,
// kind by kind: the owners (ReplicaSets and Jobs first, as Index gives them
// the first claim to a uid), nodes, claims and storage classes.
func (s *Snapshot) eachObjectButPods(f func(kind string, obj Object)) {
	for i := range s.ReplicaSets {
		f("ReplicaSet", &s.ReplicaSets[i])
	}
	for i := range s.Jobs {
		f("Job", &s.Jobs[i])
	}
	for i := range s.Deployments {
		f("Deployment", &s.Deployments[i])
	}
	for i := range s.StatefulSets {
		f("StatefulSet", &s.StatefulSets[i])
	}
	for i := range s.DaemonSets {
		f("DaemonSet", &s.DaemonSets[i])
	}
	for i := range s.CronJobs {
		f("CronJob", &s.CronJobs[i])
	}
	for i := range s.Nodes {
		f("Node", &s.Nodes[i])
	}
	for i := range s.PersistentVolumeClaims {
		f("PersistentVolumeClaim", &s.PersistentVolumeClaims[i])
	}
	for i := range s.StorageClasses {
		f("StorageClass", &s.StorageClasses[i])
	}
}

// add indexes one object by uid and by kind, namespace and name. The first
// object wins a key, as the first one read wins in Load.
func (x *Index) add(kind string, obj Object) {
	key := ObjectKey{Kind: kind, Namespace: obj.GetNamespace(), Name: obj.GetName()}
	if _, dup := x.byKey[key]; dup {
		return
	}
	x.byKey[key] = obj
	if uid := obj.GetUID(); uid != "" {
		if _, dup := x.byUID[uid]; !dup {
			x.byUID[uid] = key
		}
	}
}

// indexEvents files each event under the object it is about. An event with
// the object's uid is about it. An event without a uid is about the object its
// namespace, kind and name name now. Kubelet files node events under the
// node's name in place of its uid, so those are about the node of that name.
// Each list is sorted oldest first by LastTimestamp, ties in input order.
//
// The two maps are built side by side, one per core: each reads the
// events and byKey and writes only its own map.
func (x *Index) indexEvents(events []corev1.Event) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range events {
			e := &events[i]
			ref := &e.InvolvedObject
			key := ObjectKey{Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name}
			x.eventsByName[key] = append(x.eventsByName[key], e)
		}
		for _, list := range x.eventsByName {
			sortEvents(list)
		}
	})
	wg.Go(func() {
		for i := range events {
			e := &events[i]
			ref := &e.InvolvedObject
			uid := ref.UID
			if uid == "" || (ref.Kind == "Node" && string(uid) == ref.Name) {
				obj, found := x.byKey[ObjectKey{Kind: ref.Kind, Namespace: ref.Namespace, Name: ref.Name}]
				if !found || obj.GetUID() == "" {
					continue
				}
				uid = obj.GetUID()
			}
			x.eventsByUID[uid] = append(x.eventsByUID[uid], e)
		}
		for _, list := range x.eventsByUID {
			sortEvents(list)
		}
	})
	wg.Wait()
}

// sortEvents orders events oldest first by LastTimestamp, keeping input order
// for ties.
func sortEvents(events []*corev1.Event) {
	slices.SortStableFunc(events, func(a, b *corev1.Event) int {
		return a.LastTimestamp.Time.Compare(b.LastTimestamp.Time)
	})
}

// EventsFor returns the events about the object with this uid, oldest first:
// those whose involvedObject.uid is uid, and those without a uid that name the
// object (see indexEvents).
func (x *Index) EventsFor(uid types.UID) []*corev1.Event {
	return x.eventsByUID[uid]
}

// EventsNamed returns every event whose involvedObject has this kind,
// namespace and name, whatever its uid, oldest first. Use it for objects read
// without a uid; EventsFor leaves out the events of an earlier object of the
// same name (a StatefulSet pod that was recreated, say).
func (x *Index) EventsNamed(kind, namespace, name string) []*corev1.Event {
	return x.eventsByName[ObjectKey{Kind: kind, Namespace: namespace, Name: name}]
}

// ByUID returns the object with this uid, or nil.
func (x *Index) ByUID(uid types.UID) Object {
	key, found := x.byUID[uid]
	if !found {
		return nil
	}
	return x.byKey[key]
}

// Lookup returns the object of this kind (plain: "ReplicaSet"), namespace and
// name, or nil. It answers for every kind the Snapshot keeps in full.
func (x *Index) Lookup(key ObjectKey) Object {
	return x.byKey[key]
}

// lookupAs returns the object under key as a T, or nil.
func lookupAs[T any](x *Index, kind, namespace, name string) *T {
	obj, _ := any(x.byKey[ObjectKey{Kind: kind, Namespace: namespace, Name: name}]).(*T)
	return obj
}

// Pod returns the pod of this namespace and name, or nil.
func (x *Index) Pod(namespace, name string) *corev1.Pod {
	return lookupAs[corev1.Pod](x, "Pod", namespace, name)
}

// Node returns the node of this name, or nil.
func (x *Index) Node(name string) *corev1.Node {
	return lookupAs[corev1.Node](x, "Node", "", name)
}

// ReplicaSet returns the ReplicaSet of this namespace and name, or nil.
func (x *Index) ReplicaSet(namespace, name string) *appsv1.ReplicaSet {
	return lookupAs[appsv1.ReplicaSet](x, "ReplicaSet", namespace, name)
}

// Deployment returns the Deployment of this namespace and name, or nil.
func (x *Index) Deployment(namespace, name string) *appsv1.Deployment {
	return lookupAs[appsv1.Deployment](x, "Deployment", namespace, name)
}

// StatefulSet returns the StatefulSet of this namespace and name, or nil.
func (x *Index) StatefulSet(namespace, name string) *appsv1.StatefulSet {
	return lookupAs[appsv1.StatefulSet](x, "StatefulSet", namespace, name)
}

// DaemonSet returns the DaemonSet of this namespace and name, or nil.
func (x *Index) DaemonSet(namespace, name string) *appsv1.DaemonSet {
	return lookupAs[appsv1.DaemonSet](x, "DaemonSet", namespace, name)
}

// Job returns the Job of this namespace and name, or nil.
func (x *Index) Job(namespace, name string) *batchv1.Job {
	return lookupAs[batchv1.Job](x, "Job", namespace, name)
}

// CronJob returns the CronJob of this namespace and name, or nil.
func (x *Index) CronJob(namespace, name string) *batchv1.CronJob {
	return lookupAs[batchv1.CronJob](x, "CronJob", namespace, name)
}

// PodsOwnedBy returns the pods with an ownerReference to this uid.
func (x *Index) PodsOwnedBy(owner types.UID) []*corev1.Pod {
	return x.podsByOwner[owner]
}

// ReplicaSetsOwnedBy returns the ReplicaSets with an ownerReference to this
// uid: a Deployment's current and old ReplicaSets.
func (x *Index) ReplicaSetsOwnedBy(owner types.UID) []*appsv1.ReplicaSet {
	return x.replicaSetsByOwner[owner]
}

// JobsOwnedBy returns the Jobs with an ownerReference to this uid: the runs of
// a CronJob.
func (x *Index) JobsOwnedBy(owner types.UID) []*batchv1.Job {
	return x.jobsByOwner[owner]
}

// PodsOnNode returns the pods bound to the node of this name.
func (x *Index) PodsOnNode(node string) []*corev1.Pod {
	return x.podsByNode[node]
}

// Controller returns the object that controls obj, named by its ownerReference
// with controller: true, when the Snapshot has it; nil otherwise. The owner is
// found by uid; by kind and name only when the reference has no uid.
func (x *Index) Controller(obj metav1.Object) Object {
	ref := metav1.GetControllerOf(obj)
	if ref == nil {
		return nil
	}
	if ref.UID != "" {
		key, found := x.byUID[ref.UID]
		if !found || key.Kind != ref.Kind {
			return nil
		}
		return x.byKey[key]
	}
	return x.byKey[ObjectKey{Kind: ref.Kind, Namespace: obj.GetNamespace(), Name: ref.Name}]
}

// maxOwnerDepth bounds OwnerChain against ownerReference cycles, which the API
// server does not forbid.
const maxOwnerDepth = 8

// OwnerChain returns obj's controllers from the nearest up, as far as the
// Snapshot has them: [ReplicaSet, Deployment] for a Deployment's pod, [Job,
// CronJob] for a CronJob's. The last one is the top controller a finding
// names as its owner.
func (x *Index) OwnerChain(obj metav1.Object) []Object {
	var chain []Object
	for range maxOwnerDepth {
		owner := x.Controller(obj)
		if owner == nil || slices.Contains(chain, owner) {
			break
		}
		chain = append(chain, owner)
		obj = owner
	}
	return chain
}
