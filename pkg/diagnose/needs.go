package diagnose

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// recentWindow is how far back a restart or a Warning event still counts
// as news. Kubernetes keeps events for one hour by default, and a single
// restart days ago says nothing about the pod now.
const recentWindow = time.Hour

// needsLook reports whether a pod may have something to say, so that only
// those reach Rego and the cost follows the failing pods, not the cluster.
// It errs on the side of looking: Rego decides what is a finding.
func (b *factBuilder) needsLook(pod *corev1.Pod) bool {
	if pod.DeletionTimestamp != nil {
		return true
	}
	switch pod.Status.Phase {
	case corev1.PodSucceeded:
		return false
	case corev1.PodFailed, corev1.PodUnknown:
		return true
	case corev1.PodPending:
		if pendingForAReason(pod) {
			return true
		}
	}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, s := range list {
			if b.containerNeedsLook(pod, s) {
				return true
			}
		}
	}
	if pod.Spec.NodeName != "" {
		if node := b.index.Node(pod.Spec.NodeName); node != nil && !nodeReady(node) {
			return true
		}
	}
	return b.hasRecentWarning(pod)
}

// pendingForAReason holds for a pending pod that is blocked rather than
// starting: unscheduled, gated, or with a container waiting on an error.
func pendingForAReason(pod *corev1.Pod) bool {
	if len(pod.Spec.SchedulingGates) > 0 {
		return true
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			return true
		}
	}
	return false
}

func (b *factBuilder) containerNeedsLook(pod *corev1.Pod, s corev1.ContainerStatus) bool {
	if w := s.State.Waiting; w != nil && w.Reason != "" && w.Reason != "ContainerCreating" && w.Reason != "PodInitializing" {
		return true
	}
	if t := s.State.Terminated; t != nil && t.ExitCode != 0 {
		return true
	}
	if t := s.State.Terminated; t != nil && pod.Spec.RestartPolicy == corev1.RestartPolicyAlways && !isInit(pod, s.Name) {
		return true // a long-running container that stopped, even cleanly
	}
	if t := s.LastTerminationState.Terminated; t != nil && s.RestartCount > 0 {
		finished := t.FinishedAt.Time
		if finished.IsZero() || b.now.Sub(finished) < recentWindow {
			return true
		}
	}
	return s.State.Running != nil && !s.Ready && pod.Status.Phase == corev1.PodRunning && b.startedLongAgo(s)
}

// startedLongAgo holds for a running, unready container that has had time
// to become ready; a container that started seconds ago is just starting.
func (b *factBuilder) startedLongAgo(s corev1.ContainerStatus) bool {
	started := s.State.Running.StartedAt.Time
	return started.IsZero() || b.now.Sub(started) > time.Minute
}

func isInit(pod *corev1.Pod, name string) bool {
	for _, c := range pod.Spec.InitContainers {
		if c.Name == name {
			return c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways
		}
	}
	return false
}

func nodeReady(node *corev1.Node) bool {
	for _, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// hasRecentWarning holds when a Warning event about the pod was seen
// within the recent window.
func (b *factBuilder) hasRecentWarning(pod *corev1.Pod) bool {
	for _, e := range b.podEvents(pod) {
		if e.Type != corev1.EventTypeWarning {
			continue
		}
		last := e.LastTimestamp.Time
		if last.IsZero() || b.now.Sub(last) < recentWindow {
			return true
		}
	}
	return false
}
