// Package podlook decides whether a pod needs a look: the one test that
// the diagnosis (pkg/diagnose) applies to the pods of a snapshot, and that
// live reading (pkg/snapshot) applies before it decides which owners,
// nodes and logs to read. One test in one place, so that live reading can
// never leave out what the diagnosis would examine.
package podlook

import (
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Window is how far back a restart or a Warning event still counts as news.
// Kubernetes keeps events for one hour by default, and a single restart
// days ago says nothing about the pod now.
const Window = time.Hour

// Evidence is what the test reads besides the pod itself.
type Evidence interface {
	// Now is the moment ages are measured against.
	Now() time.Time
	// NodeReady says whether the named node is Ready; known is false when
	// the node was not read.
	NodeReady(name string) (ready, known bool)
	// WarnedSince reports whether a Warning event about the pod was last
	// seen at or after since, or at a time it does not say.
	WarnedSince(pod *corev1.Pod, since time.Time) bool
}

// Needs reports whether a pod may have something to say, so that only those
// reach Rego and the cost follows the failing pods, not the cluster. It errs
// on the side of looking: Rego decides what is a finding.
//
// A pod needs a look when it is being deleted, failed, unknown, pending
// for a reason (unschedulable, gated), has a container waiting on an error,
// ended with an error, stopped though it should run, restarted within the
// Window, or running unready for over a minute; when its node is not
// Ready; or when a Warning event about it is recent. A Succeeded pod never
// does.
func Needs(pod *corev1.Pod, ev Evidence) bool {
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
	now := ev.Now()
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
		for _, s := range list {
			if containerNeedsLook(pod, s, now) {
				return true
			}
		}
	}
	if pod.Spec.NodeName != "" {
		if ready, known := ev.NodeReady(pod.Spec.NodeName); known && !ready {
			return true
		}
	}
	return ev.WarnedSince(pod, now.Add(-Window))
}

// pendingForAReason holds for a pending pod that is blocked rather than
// starting: unscheduled or gated.
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

func containerNeedsLook(pod *corev1.Pod, s corev1.ContainerStatus, now time.Time) bool {
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
		if finished.IsZero() || now.Sub(finished) < Window {
			return true
		}
	}
	return s.State.Running != nil && !s.Ready && pod.Status.Phase == corev1.PodRunning && startedLongAgo(s, now)
}

// startedLongAgo holds for a running, unready container that has had time
// to become ready; a container that started seconds ago is just starting.
func startedLongAgo(s corev1.ContainerStatus, now time.Time) bool {
	started := s.State.Running.StartedAt.Time
	return started.IsZero() || now.Sub(started) > time.Minute
}

// isInit reports whether the named container is an init container that
// runs to completion (not a sidecar, which restarts always).
func isInit(pod *corev1.Pod, name string) bool {
	for _, c := range pod.Spec.InitContainers {
		if c.Name == name {
			return c.RestartPolicy == nil || *c.RestartPolicy != corev1.ContainerRestartPolicyAlways
		}
	}
	return false
}

// NodeReady reports whether a node's Ready condition is True.
func NodeReady(node *corev1.Node) bool {
	for _, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// PodReadyFalse reports whether the pod's Ready condition is not True. The
// node lifecycle controller sets it false on the pods of a node that stops
// reporting, so it stands in for the node where nodes were not read.
func PodReadyFalse(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady && c.Status != corev1.ConditionTrue {
			return true
		}
	}
	return false
}
