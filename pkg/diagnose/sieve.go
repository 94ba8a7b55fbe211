package diagnose

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/internal/podlook"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/redact"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// Sieve is the snapshot.PodSieve of a diagnosis: given to snapshot.LoadWith
// (Options.Sieve), it keeps only the pods the diagnosis may look at, and
// remembers of the others what the diagnosis reads of every pod. A
// Snapshot loaded through it gives the same Result as the whole Snapshot.
// One Sieve serves one load.
type Sieve struct {
	// given is the run's given clock (Options.Now), nil when ages are
	// measured from the snapshot's own times.
	given func() time.Time
	// owners counts the pods of each direct controller, with the first
	// pod's namespace and references, as ownerPods resolves them.
	owners map[string]*ownedPods
	// images are the running images of every pod (runningImages), in pod
	// order; secrets the secret-named env values of every pod.
	images    []string
	imageSeen map[string]bool
	secrets   []string
}

// ownedPods counts the pods of one direct controller.
type ownedPods struct {
	namespace string
	refs      []metav1.OwnerReference
	pods      int
}

// Sieve returns a new sieve for one load of saved data to diagnose.
func (d *Diagnoser) Sieve() *Sieve {
	return &Sieve{given: d.now, owners: map[string]*ownedPods{}, imageSeen: map[string]bool{}}
}

// farFuture stands for the latest moment a clock can show.
var farFuture = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Keep reports whether the pod may need a look whenever ages are measured
// from: the clock of the run is not known until all the input is read,
// but it is no earlier than newest (or it is the given clock). Of what
// podlook.Needs reads of the pod itself, a recent restart can only stop
// being recent as the clock moves on, and an unready container can only
// become unready for long: so a pod that needs no look at the earliest
// possible clock nor at the latest needs none at any (a property test
// holds Needs to this). The node and the events are left to the loader,
// which brings a pod back when they say more (see snapshot.PodSieve).
//
// Pods that are not Ready and not Succeeded are kept too, though they may
// need no look: a stuck rollout counts them (podProblems).
func (s *Sieve) Keep(pod *corev1.Pod, newest time.Time) bool {
	if !podReady(pod) && pod.Status.Phase != corev1.PodSucceeded {
		return true
	}
	earliest := newest
	if s.given != nil {
		earliest = s.given()
	}
	return podlook.Needs(pod, sieveEvidence{now: earliest}) || podlook.Needs(pod, sieveEvidence{now: farFuture})
}

// sieveEvidence answers podlook's questions about the node and the events
// with "nothing known": the loader asks again once they are read.
type sieveEvidence struct{ now time.Time }

func (e sieveEvidence) Now() time.Time                              { return e.now }
func (sieveEvidence) NodeReady(string) (ready, known bool)          { return false, false }
func (sieveEvidence) WarnedSince(pod *corev1.Pod, _ time.Time) bool { return false }

// Observe remembers what the diagnosis reads of every pod: its direct
// controller (for OwnerPods), its running images (the typo catalog) and
// its secret-named env values (redaction).
func (s *Sieve) Observe(pod *corev1.Pod) {
	if direct := controllerOf(pod.OwnerReferences); direct != nil {
		key := controllerKey(pod.Namespace, direct)
		if o := s.owners[key]; o != nil {
			o.pods++
		} else {
			s.owners[key] = &ownedPods{namespace: pod.Namespace, refs: append([]metav1.OwnerReference(nil), pod.OwnerReferences...), pods: 1}
		}
	}
	s.images = appendRunningImages(s.images, s.imageSeen, pod)
	s.secrets = append(s.secrets, redact.ValuesFromPods([]corev1.Pod{*pod})...)
}

// controllerKey names a pod's direct controller for ownerPods.
func controllerKey(namespace string, direct *metav1.OwnerReference) string {
	return namespace + "/" + string(direct.UID) + "/" + direct.Kind + "/" + direct.Name
}

// siftedBy returns the Sieve that chose the snapshot's pods, or nil when
// the snapshot holds every pod.
func siftedBy(snap *snapshot.Snapshot) *Sieve {
	if snap.Sifted == nil {
		return nil
	}
	s, _ := snap.Sifted.Sieve.(*Sieve)
	return s
}

// podCount is the number of pods read, kept or not.
func podCount(snap *snapshot.Snapshot) int {
	if snap.Sifted != nil {
		return snap.Sifted.Pods
	}
	return len(snap.Pods)
}

// SecretValues returns the secret-named env values of every pod of the
// snapshot, those a Sieve left out included: what output must redact.
func SecretValues(snap *snapshot.Snapshot) []string {
	if s := siftedBy(snap); s != nil {
		return s.secrets
	}
	return redact.ValuesFromPods(snap.Pods)
}

// ownerPodsSifted is ownerPods over the counts a Sieve kept.
func (b *factBuilder) ownerPodsSifted(wanted map[string]bool, s *Sieve) map[string]int {
	counts := map[string]int{}
	for _, o := range s.owners {
		chain := b.ownerChain(o.namespace, o.refs)
		top := finding.ObjectRef(chain[len(chain)-1]).String()
		if wanted[top] {
			counts[top] += o.pods
		}
	}
	return counts
}
