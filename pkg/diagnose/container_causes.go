package diagnose

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
)

// pullReasons are the waiting reasons of a container whose image cannot
// be pulled.
var pullReasons = []string{"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "ErrImageInspect", "RegistryUnavailable", "SignatureValidationFailed"}

// pullFailure classifies why the container's image cannot be pulled. Every
// pull error of the container counts, not only the newest: docker, for one
// private repository, logs "unauthorized: authentication required" on one
// attempt and "pull access denied ... may require 'docker login'" on the
// next, and the plain answer about credentials is the one to report. Apart
// from that, the newest specific cause wins; the waiting message (which
// kubelet 1.32+ fills with the last error) is the oldest candidate, and the
// back-off notice only when nothing else says more.
func pullFailure(f ContainerFacts) *classify.PullFailure {
	waitingOnPull := f.State.Name == "waiting" && slices.Contains(pullReasons, f.State.Reason)
	if !waitingOnPull {
		return nil
	}
	var candidates []classify.PullFailure
	for _, e := range f.Events {
		if e.Family != FamilyImagePull {
			continue
		}
		if p := classify.ClassifyPullMessage(e.Reason, e.Message); specificPull(p) {
			candidates = append(candidates, p)
		}
	}
	waiting := classify.ClassifyPullMessage(f.State.Reason, f.State.Message)
	if specificPull(waiting) {
		candidates = append(candidates, waiting)
	}
	if len(candidates) == 0 {
		if waiting.Image == "" {
			waiting.Image = f.Image
		}
		return &waiting
	}
	chosen := candidates[0]
	if chosen.Cause == classify.PullNotFound && chosen.MaybeAuth {
		for _, p := range candidates[1:] {
			if p.Cause == classify.PullUnauthorized {
				chosen = p
				break
			}
		}
	}
	if chosen.Image == "" {
		chosen.Image = f.Image
	}
	return &chosen
}

// specificPull holds for a pull error that names a cause, not the back-off
// notice nor the bare "Error: ErrImagePull" the kubelet adds after it.
func specificPull(p classify.PullFailure) bool {
	return p.Cause != classify.PullBackOff && p.Cause != classify.PullUnknown ||
		p.Cause == classify.PullUnknown && !bareReason(p.Detail)
}

// bareReason holds for a detail that is only a waiting reason
// ("ErrImagePull", "ImagePullBackOff"): the kubelet's "Error: <reason>"
// event, which says nothing the state did not.
func bareReason(detail string) bool {
	d := strings.TrimSpace(detail)
	return d == "" || slices.Contains(pullReasons, d) || d == "Back-off pulling image" ||
		strings.HasPrefix(d, "Back-off pulling image ")
}

// containerErrorReasons are the states of a container the runtime could
// not create or start.
var containerErrorReasons = []string{"CreateContainerConfigError", "CreateContainerError", "RunContainerError", "StartError", "ContainerCannotRun", "PreCreateHookError", "PreStartHookError", "PostStartHookError"}

// containerError classifies why the container could not be created or
// started, from its current or last state. When the state carries no
// message (older kubelets, exports that drop it, and `kubectl describe`,
// which never prints it), the kubelet's newest Warning event about the
// container carries the same error ("Error: secret \"x\" not found") and is
// classified in its place.
func containerError(f ContainerFacts) *classify.ContainerError {
	for _, s := range []*State{&f.State, f.LastState} {
		if s == nil || !slices.Contains(containerErrorReasons, s.Reason) {
			continue
		}
		message := s.Message
		if strings.TrimSpace(message) == "" {
			message = containerErrorEvent(f.Events, s.Reason)
		}
		e := classify.ClassifyContainerError(s.Reason, message)
		return &e
	}
	return nil
}

// containerErrorEvent returns the message of the newest Warning event of the
// container that says why it could not be created or started, skipping the
// kubelet's bare "Error: <reason>" repeats; "" when there is none.
func containerErrorEvent(events []Event, reason string) string {
	for _, e := range events {
		if e.Type != corev1.EventTypeWarning || e.Family != FamilyContainer {
			continue
		}
		inner := strings.TrimSpace(strings.TrimPrefix(e.Message, "Error: "))
		if inner == "" || inner == reason || slices.Contains(containerErrorReasons, inner) {
			continue
		}
		return e.Message
	}
	return ""
}
