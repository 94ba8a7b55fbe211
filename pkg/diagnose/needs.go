package diagnose

import (
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/internal/podlook"
)

// needsLook reports whether a pod may have something to say: the test of
// internal/podlook, which live reading applies too, on the snapshot's
// nodes and events.
func (b *factBuilder) needsLook(pod *corev1.Pod) bool {
	return podlook.Needs(pod, b)
}

// Now is the moment ages are measured against (podlook.Evidence).
func (b *factBuilder) Now() time.Time { return b.now }

// NodeReady says whether the snapshot's node of this name is Ready; known
// is false when the snapshot has no such node (podlook.Evidence).
func (b *factBuilder) NodeReady(name string) (ready, known bool) {
	node := b.index.Node(name)
	if node == nil {
		return false, false
	}
	return podlook.NodeReady(node), true
}

// WarnedSince reports whether a Warning event about the pod was last seen
// at or after since, or at an unknown time (podlook.Evidence).
func (b *factBuilder) WarnedSince(pod *corev1.Pod, since time.Time) bool {
	for _, e := range b.podEvents(pod) {
		if e.Type != corev1.EventTypeWarning {
			continue
		}
		last := e.LastTimestamp.Time
		if last.IsZero() || last.After(since) {
			return true
		}
	}
	return false
}
