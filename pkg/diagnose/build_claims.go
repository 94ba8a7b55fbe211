package diagnose

import (
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// Claim statuses, the values of ClaimFacts.Status.
const (
	ClaimFound       = "found"
	ClaimMissing     = "missing"
	ClaimNotCaptured = "not-captured"
)

// ClaimFacts is what the input says about one PersistentVolumeClaim the
// pod mounts.
type ClaimFacts struct {
	Name string `json:"name"`
	// Volume is the pod volume that mounts the claim.
	Volume string `json:"volume"`
	// Status is "found", "missing" (claims were captured, this one is not
	// among them) or "not-captured" (the input holds no claims at all).
	Status string `json:"status"`
	// Phase is the claim's status.phase: Pending, Bound, Lost.
	Phase string `json:"phase,omitempty"`
	// StorageClass is spec.storageClassName, "" when unset.
	StorageClass string `json:"storageClass,omitempty"`
	// StorageClassStatus says whether that class (or, when unset, a
	// default class) is in the input: "found", "missing" or "not-captured".
	StorageClassStatus string `json:"storageClassStatus,omitempty"`
	// Provisioner is the class's provisioner, or the claim's
	// volume.kubernetes.io/storage-provisioner annotation.
	Provisioner string `json:"provisioner,omitempty"`
	// VolumeName is the PersistentVolume the claim is bound to.
	VolumeName string `json:"volumeName,omitempty"`
	// Events are the claim's own events (ProvisioningFailed,
	// ExternalProvisioning, WaitForFirstConsumer...), newest first.
	Events []Event `json:"events"`
}

// claimFacts describes every claim the pod's volumes name.
func (b *factBuilder) claimFacts(pod *corev1.Pod) []ClaimFacts {
	out := []ClaimFacts{}
	_, claimsCaptured := b.snap.Kinds["PersistentVolumeClaim"]
	_, classesCaptured := b.snap.Kinds["StorageClass"]
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim == nil {
			continue
		}
		c := ClaimFacts{Name: v.PersistentVolumeClaim.ClaimName, Volume: v.Name, Status: ClaimNotCaptured, Events: []Event{}}
		obj := b.index.Lookup(snapshot.ObjectKey{Kind: "PersistentVolumeClaim", Namespace: pod.Namespace, Name: c.Name})
		pvc, _ := obj.(*corev1.PersistentVolumeClaim)
		key := snapshot.ObjectKey{Kind: "PersistentVolumeClaim", Namespace: pod.Namespace, Name: c.Name}
		switch {
		case pvc != nil || b.snap.Present[key]:
			c.Status = ClaimFound
		case claimsCaptured:
			c.Status = ClaimMissing
		}
		if pvc != nil {
			c.Phase = string(pvc.Status.Phase)
			c.VolumeName = pvc.Spec.VolumeName
			if pvc.Spec.StorageClassName != nil {
				c.StorageClass = *pvc.Spec.StorageClassName
			}
			c.Provisioner = pvc.Annotations["volume.kubernetes.io/storage-provisioner"]
			if c.Provisioner == "" {
				c.Provisioner = pvc.Annotations["volume.beta.kubernetes.io/storage-provisioner"]
			}
			events := b.index.EventsFor(pvc.UID)
			if pvc.UID == "" {
				events = b.index.EventsNamed("PersistentVolumeClaim", pvc.Namespace, pvc.Name)
			}
			c.Events, _ = eventFacts(events, b.now) // a claim keeps its newest events; how many were left out is not shown
			if class := b.storageClass(c.StorageClass); class != nil {
				c.StorageClassStatus = ClaimFound
				if c.Provisioner == "" {
					c.Provisioner = class.Provisioner
				}
			} else if classesCaptured {
				c.StorageClassStatus = ClaimMissing
			} else {
				c.StorageClassStatus = ClaimNotCaptured
			}
		}
		out = append(out, c)
	}
	return out
}

// storageClass returns the named class, or the default class when name is
// "" (a claim without storageClassName gets the default one, if any).
func (b *factBuilder) storageClass(name string) *storagev1.StorageClass {
	for i := range b.snap.StorageClasses {
		sc := &b.snap.StorageClasses[i]
		if name != "" && sc.Name == name {
			return sc
		}
		if name == "" && (sc.Annotations["storageclass.kubernetes.io/is-default-class"] == "true" ||
			sc.Annotations["storageclass.beta.kubernetes.io/is-default-class"] == "true") {
			return sc
		}
	}
	return nil
}
