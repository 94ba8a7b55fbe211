package diagnose

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
)

// podEviction explains why the pod had to go: evicted by the kubelet,
// rejected by it at admission (OutOfcpu, NodeAffinity, UnexpectedAdmissionError,
// NodeShutdown...), or stopped by a node shutdown. nil for any other pod.
func podEviction(pod *corev1.Pod) *classify.EvictionInfo {
	reason, message := pod.Status.Reason, pod.Status.Message
	rejected := strings.HasPrefix(message, "Pod was rejected: ") || strings.HasPrefix(message, "Pod Predicate ")
	if reason != "Evicted" && !rejected && !slices.Contains(classify.AdmissionReasons, reason) {
		return nil
	}
	e := classify.ClassifyEvictionMessage(message)
	if e.Kind == classify.EvictOther && slices.Contains(classify.AdmissionReasons, reason) && reason != "Terminated" {
		// A status saved without its message still says the kubelet refused.
		e.Kind = classify.EvictRejected
		if r, ok := strings.CutPrefix(reason, "OutOf"); ok {
			e.Resource = r
		}
	}
	return &e
}
