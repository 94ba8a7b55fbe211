package snapshot

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"
)

// SievePodFields are the JSON paths of a pod that a PodSieve may read, in
// Observe and in Keep, and that the loader reads of every pod (uid, name,
// node, the timestamps that date the capture): a sifted load decodes only
// these of a pod it scans (scanPod), and decodes the pod in full only if
// it is kept. Each path names a value read whole; through a list, the path
// goes on into each element.
var SievePodFields = []string{
	"metadata.name",
	"metadata.namespace",
	"metadata.uid",
	"metadata.creationTimestamp",
	"metadata.deletionTimestamp",
	"metadata.ownerReferences",
	"spec.nodeName",
	"spec.restartPolicy",
	"spec.schedulingGates",
	"spec.initContainers.name",
	"spec.initContainers.image",
	"spec.initContainers.restartPolicy",
	"spec.initContainers.env.name",
	"spec.initContainers.env.value",
	"spec.containers.name",
	"spec.containers.image",
	"spec.containers.env.name",
	"spec.containers.env.value",
	"status.phase",
	"status.conditions.type",
	"status.conditions.status",
	"status.conditions.lastTransitionTime",
}

// Of each container status, of init, app and ephemeral containers.
func init() {
	for _, list := range []string{"initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"} {
		for _, field := range []string{"name", "state", "lastState", "ready", "restartCount", "image", "imageID"} {
			SievePodFields = append(SievePodFields, "status."+list+"."+field)
		}
	}
}

var (
	podScanType = scanTypeOf(reflect.TypeFor[corev1.Pod]())
	podScanPlan *scanPlan // of SievePodFields, once init has listed them
)

func init() { podScanPlan = bindPlan(newScanPlan(SievePodFields...), podScanType) }

// scanPod reads, from a pod's bytes, the fields SievePodFields names,
// when it is sure the full decoder reads the whole pod without an error
// or a gap; ok is false otherwise, and the pod must be decoded in full.
// The pod it returns holds those fields only: enough to judge it, not to
// keep it. Its strings are interned in strings when that is not nil.
func scanPod(data []byte, strings *stringTable) (pod *corev1.Pod, ok bool) {
	pod = &corev1.Pod{}
	if !scanTyped(data, podScanType, podScanPlan, reflect.ValueOf(pod).Elem(), strings) {
		return nil, false
	}
	return pod, true
}

// SieveView returns the part of a pod that SievePodFields names, all a
// PodSieve may read: what a sifted load judges a scanned pod by. The
// tests hold the scan to it, and a sieve's verdicts on it to those on the
// whole pod.
func SieveView(full *corev1.Pod) *corev1.Pod {
	view := &corev1.Pod{}
	copyPlanned(reflect.ValueOf(view).Elem(), reflect.ValueOf(full).Elem(), podScanType, podScanPlan)
	return view
}

// copyPlanned copies from src to dst (values of t's type) what plan
// names.
func copyPlanned(dst, src reflect.Value, t *scanType, plan *scanPlan) {
	switch {
	case plan == nil:
		return
	case plan.whole:
		dst.Set(src)
		return
	}
	switch t.kind {
	case scanStruct:
		for name, sub := range plan.members {
			f := t.fields[name]
			copyPlanned(dst.FieldByIndex(f.index), src.FieldByIndex(f.index), f.typ, sub)
		}
	case scanPointer:
		if !src.IsNil() {
			p := reflect.New(t.elem.typ)
			copyPlanned(p.Elem(), src.Elem(), t.elem, plan)
			dst.Set(p)
		}
	case scanSlice:
		if !src.IsNil() {
			list := reflect.MakeSlice(t.typ, src.Len(), src.Len())
			for i := range src.Len() {
				copyPlanned(list.Index(i), src.Index(i), t.elem, plan)
			}
			dst.Set(list)
		}
	}
}
