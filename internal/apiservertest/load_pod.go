package apiservertest

import (
	"context"
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// loadEvent is one event the loader records about a pod.
type loadEvent struct {
	component, typ, reason, message string
	count                           int32
	// ago is how long before now it was last seen; span how long it has
	// been recurring.
	ago, span time.Duration
}

// pod creates one pod of rs, writes its status through the status
// subresource as its kubelet (or, unscheduled, the scheduler) would, and
// records its events.
func (l *loader) pod(ctx context.Context, rs *appsv1.ReplicaSet, name, node, kind string) error {
	tmpl := rs.Spec.Template
	spec := *tmpl.Spec.DeepCopy()
	spec.NodeName = node // bound at creation, as the scene does: no scheduler runs
	pod, err := l.client.CoreV1().Pods(rs.Namespace).Create(ctx, &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Labels: tmpl.Labels, Annotations: tmpl.Annotations,
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: &controller, BlockOwnerDeletion: &controller}},
		},
		Spec: spec,
	}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create pod %s/%s: %w", rs.Namespace, name, err)
	}
	l.wrote()
	events := l.podStatus(pod, kind)
	if _, err := l.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("update pod %s/%s status: %w", pod.Namespace, pod.Name, err)
	}
	for i, e := range events {
		if err := l.event(ctx, pod, i, e); err != nil {
			return err
		}
	}
	return nil
}

// podStatus sets the status of a healthy pod or of one failing as kind,
// and returns the events its kubelet and scheduler would have recorded.
// Wordings: kubelet and kube-scheduler v1.37 (test/e2e/testdata/real-cluster.yaml
// holds the same messages from a real node).
func (l *loader) podStatus(pod *corev1.Pod, kind string) []loadEvent {
	c := pod.Spec.Containers[0]
	started := l.now.Add(-3 * time.Hour)
	st := &pod.Status
	st.Phase = corev1.PodRunning
	st.HostIP, st.PodIP = "10.0.0.1", "10.244.1.10"
	st.HostIPs, st.PodIPs = []corev1.HostIP{{IP: st.HostIP}}, []corev1.PodIP{{IP: st.PodIP}}
	st.StartTime = &metav1.Time{Time: started}
	st.QOSClass = corev1.PodQOSBurstable
	st.Conditions = loadConditions(started, true, "")
	imageID := "docker.io/library/" + c.Image + "@sha256:6af79ae5de407283dcea8b00d5c37ace95441fd58a8b1d2aa1ed93f5511bb18c"
	cs := corev1.ContainerStatus{
		Name: c.Name, Image: c.Image, ImageID: imageID, Ready: true, Started: boolPtr(true),
		ContainerID: "containerd://" + strings.ReplaceAll(string(pod.UID), "-", "") + "0123456789abcdef0123456789abcdef",
		State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(started.Add(5 * time.Second))}},
	}
	scheduled := loadEvent{"default-scheduler", corev1.EventTypeNormal, "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", pod.Namespace, pod.Name, pod.Spec.NodeName), 1, 3 * time.Hour, 0}
	pulling := loadEvent{"kubelet", corev1.EventTypeNormal, "Pulling", fmt.Sprintf("Pulling image %q", c.Image), 1, 3 * time.Hour, 0}
	pulled := loadEvent{"kubelet", corev1.EventTypeNormal, "Pulled", fmt.Sprintf("Successfully pulled image %q in 1.734s (1.734s including waiting). Image size: 72080558 bytes.", c.Image), 1, 3 * time.Hour, 0}
	created := loadEvent{"kubelet", corev1.EventTypeNormal, "Created", "Created container: " + c.Name, 1, 3 * time.Hour, 0}
	startedEv := loadEvent{"kubelet", corev1.EventTypeNormal, "Started", "Started container " + c.Name, 1, 3 * time.Hour, 0}
	events := []loadEvent{scheduled, pulling, pulled, created, startedEv}

	switch kind {
	case "crash-loop", "oom":
		reason, code := "Error", int32(1)
		if kind == "oom" {
			reason, code = "OOMKilled", 137
		}
		cs.Ready, cs.Started, cs.RestartCount = false, boolPtr(false), 14
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
			Reason:  "CrashLoopBackOff",
			Message: fmt.Sprintf("back-off 5m0s restarting failed container=%s pod=%s_%s(%s)", c.Name, pod.Name, pod.Namespace, pod.UID),
		}}
		cs.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: code, Reason: reason, ContainerID: cs.ContainerID,
			StartedAt: metav1.NewTime(l.now.Add(-3 * time.Minute)), FinishedAt: metav1.NewTime(l.now.Add(-2 * time.Minute)),
		}}
		st.Conditions = loadConditions(started, false, c.Name)
		events = []loadEvent{scheduled, pulled, created, startedEv,
			{"kubelet", corev1.EventTypeWarning, "BackOff", fmt.Sprintf("Back-off restarting failed container %s in pod %s_%s(%s)", c.Name, pod.Name, pod.Namespace, pod.UID), 61, 50 * time.Minute, time.Minute}}
	case "image-typo":
		pullError := fmt.Sprintf(`failed to pull and unpack image "docker.io/library/%s": failed to resolve reference "docker.io/library/%s": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, c.Image, c.Image)
		st.Phase = corev1.PodPending
		st.PodIP, st.PodIPs = "", nil
		cs.Ready, cs.Started, cs.ImageID, cs.ContainerID = false, boolPtr(false), "", ""
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: fmt.Sprintf("Back-off pulling image %q: ErrImagePull: %s", c.Image, pullError)}}
		st.Conditions = loadConditions(started, false, c.Name)
		events = []loadEvent{scheduled,
			{"kubelet", corev1.EventTypeNormal, "Pulling", fmt.Sprintf("Pulling image %q", c.Image), 6, 20 * time.Minute, 2 * time.Minute},
			{"kubelet", corev1.EventTypeWarning, "Failed", fmt.Sprintf("Failed to pull image %q: %s", c.Image, pullError), 6, 20 * time.Minute, 2 * time.Minute},
			{"kubelet", corev1.EventTypeWarning, "Failed", "Error: ErrImagePull", 6, 20 * time.Minute, 2 * time.Minute},
			{"kubelet", corev1.EventTypeNormal, "BackOff", fmt.Sprintf("Back-off pulling image %q", c.Image), 80, 20 * time.Minute, time.Minute}}
	case "unschedulable":
		const msg = "0/334 nodes are available: 334 Insufficient cpu. preemption: 0/334 nodes are available: 334 No preemption victims found for incoming pod."
		*st = corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable, Conditions: []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable,
			Message: msg, LastTransitionTime: metav1.NewTime(l.now.Add(-40 * time.Minute)),
		}}}
		return []loadEvent{
			{"default-scheduler", corev1.EventTypeWarning, "FailedScheduling", msg, 9, 40 * time.Minute, 2 * time.Minute},
			{"default-scheduler", corev1.EventTypeWarning, "FailedScheduling", msg, 1, 45 * time.Minute, 0},
			{"cluster-autoscaler", corev1.EventTypeNormal, "NotTriggerScaleUp", "pod didn't trigger scale-up: 1 Insufficient cpu", 12, 40 * time.Minute, 3 * time.Minute},
			{"default-scheduler", corev1.EventTypeWarning, "FailedScheduling", msg, 2, 42 * time.Minute, 0},
			{"cluster-autoscaler", corev1.EventTypeNormal, "NotTriggerScaleUp", "pod didn't trigger scale-up: 1 Insufficient cpu", 2, 44 * time.Minute, 0},
		}
	case "missing-configmap":
		msg := fmt.Sprintf("configmap %q not found", c.EnvFrom[0].ConfigMapRef.Name)
		st.Phase = corev1.PodPending
		cs.Ready, cs.Started, cs.ImageID, cs.ContainerID = false, boolPtr(false), "", ""
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: msg}}
		st.Conditions = loadConditions(started, false, c.Name)
		events = []loadEvent{scheduled, pulling, pulled,
			{"kubelet", corev1.EventTypeWarning, "Failed", "Error: " + msg, 90, 30 * time.Minute, time.Minute},
			{"kubelet", corev1.EventTypeNormal, "Pulled", fmt.Sprintf("Container image %q already present on machine", c.Image), 89, 30 * time.Minute, time.Minute}}
	case "readiness":
		cs.Ready = false
		st.Conditions = loadConditions(started, false, c.Name)
		events = []loadEvent{scheduled, pulled, created, startedEv,
			{"kubelet", corev1.EventTypeWarning, "Unhealthy", fmt.Sprintf("Readiness probe failed: Get \"http://%s:8080/healthz\": dial tcp %s:8080: connect: connection refused", st.PodIP, st.PodIP), 540, 90 * time.Minute, 30 * time.Second}}
	}
	st.ContainerStatuses = []corev1.ContainerStatus{cs}
	return events
}

func boolPtr(b bool) *bool { return &b }

func loadConditions(at time.Time, ready bool, container string) []corev1.PodCondition {
	t := metav1.NewTime(at)
	status, reason, message := corev1.ConditionTrue, "", ""
	if !ready {
		status, reason, message = corev1.ConditionFalse, "ContainersNotReady", fmt.Sprintf("containers with unready status: [%s]", container)
	}
	return []corev1.PodCondition{
		{Type: corev1.PodReadyToStartContainers, Status: corev1.ConditionTrue, LastTransitionTime: t},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: t},
		{Type: corev1.PodReady, Status: status, Reason: reason, Message: message, LastTransitionTime: t},
		{Type: corev1.ContainersReady, Status: status, Reason: reason, Message: message, LastTransitionTime: t},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: t},
	}
}

// event records one core/v1 event about pod, named as client-go's
// recorder names them (object name, then a hexadecimal timestamp).
func (l *loader) event(ctx context.Context, pod *corev1.Pod, i int, e loadEvent) error {
	last := l.now.Add(-e.ago)
	first := last.Add(-e.span)
	ref := corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, ResourceVersion: pod.ResourceVersion}
	if e.component == "kubelet" {
		ref.FieldPath = "spec.containers{" + pod.Spec.Containers[0].Name + "}"
	}
	_, err := l.client.CoreV1().Events(pod.Namespace).Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Name: fmt.Sprintf("%s.%x", pod.Name, first.UnixNano()+int64(i))},
		InvolvedObject: ref,
		Reason:         e.reason, Message: e.message, Type: e.typ, Count: e.count,
		Source:              corev1.EventSource{Component: e.component, Host: pod.Spec.NodeName},
		FirstTimestamp:      metav1.NewTime(first),
		LastTimestamp:       metav1.NewTime(last),
		ReportingController: e.component,
		ReportingInstance:   pod.Spec.NodeName,
	}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create event about pod %s/%s: %w", pod.Namespace, pod.Name, err)
	}
	l.events.Add(1)
	l.wrote()
	return nil
}
