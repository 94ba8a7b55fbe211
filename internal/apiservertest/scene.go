package apiservertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Scene is a namespace of failing and healthy workloads, written the way the
// controllers, the scheduler and the kubelet would have written them: a
// Deployment whose pod crash-loops (and whose rollout is past its deadline),
// one whose image is misspelt, one whose pod cannot be scheduled, and
// healthy pods. A fake kubelet on loopback serves the crashed container's
// previous log through the API server's pods/log.
type Scene struct {
	Namespace string
	Node      string
	// CrashPod crash-loops in container "api"; its previous instance logged
	// CrashLog. PullPod cannot pull "redsi:7"; PendingPod asks for 64 CPUs.
	CrashPod, PullPod, PendingPod string
	CrashLog                      string
	// Healthy is the number of healthy pods; Pods the number of all pods.
	Healthy, Pods int

	kubelet *httptest.Server
	mu      sync.Mutex
	// LogRequests are the query strings the fake kubelet received.
	logRequests []string
}

// LogRequests returns the queries of the log requests the kubelet served.
func (s *Scene) LogRequests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.logRequests...)
}

// Close stops the fake kubelet.
func (s *Scene) Close() { s.kubelet.Close() }

var controller = true

// NewScene writes the scene into namespace with an admin client. Node names
// a node to create (unique per scene: nodes are cluster-wide).
func NewScene(ctx context.Context, client kubernetes.Interface, namespace, node string, healthy int) (*Scene, error) {
	s := &Scene{Namespace: namespace, Node: node, Healthy: healthy, CrashLog: "starting api 1.14.0\npanic: DATABASE_URL is not set\n"}
	s.kubelet = httptest.NewTLSServer(http.HandlerFunc(s.serveLog))
	w := &writer{ctx: ctx, client: client, ns: namespace, now: time.Now().UTC().Truncate(time.Second)}
	w.do(func() error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{})
		return err
	})
	// No controller manager runs to create it, and pods need it.
	w.do(func() error {
		_, err := client.CoreV1().ServiceAccounts(namespace).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{})
		return err
	})
	w.node(node, s.kubelet)

	api := w.deployment("api", "6c9f8d7b5", "ghcr.io/acme/shop-api:1.14.0", true)
	s.CrashPod = "api-6c9f8d7b5-4hx2k"
	crash := w.pod(api, s.CrashPod, node, "ghcr.io/acme/shop-api:1.14.0", nil)
	w.status(crash, func(st *corev1.PodStatus) {
		st.Phase = corev1.PodRunning
		st.Conditions = readyConditions(w.now, false, "api")
		st.ContainerStatuses = []corev1.ContainerStatus{{
			Name: "api", Image: "ghcr.io/acme/shop-api:1.14.0", RestartCount: 5,
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
				Reason:  "CrashLoopBackOff",
				Message: fmt.Sprintf("back-off 5m0s restarting failed container=api pod=%s_%s(%s)", s.CrashPod, namespace, crash.UID),
			}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
				ExitCode: 1, Reason: "Error",
				StartedAt:  metav1.NewTime(w.now.Add(-95 * time.Second)),
				FinishedAt: metav1.NewTime(w.now.Add(-94 * time.Second)),
			}},
		}}
	})
	w.coreEvent(crash, "kubelet", corev1.EventTypeWarning, "BackOff",
		fmt.Sprintf("Back-off restarting failed container api in pod %s_%s(%s)", s.CrashPod, namespace, crash.UID), 23, 9*time.Minute)

	queue := w.deployment("queue", "5d8f7b9c6", "redsi:7", false)
	s.PullPod = "queue-5d8f7b9c6-m4kzq"
	pull := w.pod(queue, s.PullPod, node, "redsi:7", nil)
	const pullError = `failed to pull and unpack image "docker.io/library/redsi:7": failed to resolve reference "docker.io/library/redsi:7": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
	w.status(pull, func(st *corev1.PodStatus) {
		st.Phase = corev1.PodPending
		st.Conditions = readyConditions(w.now, false, "queue")
		st.ContainerStatuses = []corev1.ContainerStatus{{
			Name: "queue", Image: "redsi:7",
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ErrImagePull", Message: pullError}},
		}}
	})
	w.coreEvent(pull, "kubelet", corev1.EventTypeNormal, "Pulling", `Pulling image "redsi:7"`, 4, 3*time.Minute)
	w.coreEvent(pull, "kubelet", corev1.EventTypeWarning, "Failed", `Failed to pull image "redsi:7": `+pullError, 4, 3*time.Minute)
	w.coreEvent(pull, "kubelet", corev1.EventTypeWarning, "Failed", "Error: ErrImagePull", 4, 3*time.Minute)

	analytics := w.deployment("analytics", "7b4c9d6f8", "ghcr.io/acme/aggregate:7.3.0", false)
	s.PendingPod = "analytics-7b4c9d6f8-q2w9x"
	pending := w.pod(analytics, s.PendingPod, "", "ghcr.io/acme/aggregate:7.3.0", corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("64")})
	const unschedulable = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
	w.status(pending, func(st *corev1.PodStatus) {
		st.Phase = corev1.PodPending
		st.Conditions = []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable,
			Message: unschedulable, LastTransitionTime: metav1.NewTime(w.now.Add(-20 * time.Minute)),
		}}
	})
	w.schedulerEvent(pending, unschedulable)

	web := w.deployment("web", "58d9c7f4b6", "nginx:1.27", false)
	for i := range healthy {
		pod := w.pod(web, fmt.Sprintf("web-58d9c7f4b6-%05d", i), node, "nginx:1.27", nil)
		w.status(pod, func(st *corev1.PodStatus) {
			st.Phase = corev1.PodRunning
			st.Conditions = readyConditions(w.now, true, "")
			st.ContainerStatuses = []corev1.ContainerStatus{{
				Name: "web", Image: "nginx:1.27", Ready: true,
				State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(w.now.Add(-time.Hour))}},
			}}
		})
	}
	s.Pods = healthy + 3
	if w.err != nil {
		s.Close()
		return nil, w.err
	}
	return s, nil
}

// serveLog plays the kubelet's /containerLogs/NS/POD/CONTAINER.
func (s *Scene) serveLog(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.logRequests = append(s.logRequests, r.URL.Path+"?"+r.URL.RawQuery)
	s.mu.Unlock()
	want := fmt.Sprintf("/containerLogs/%s/%s/api", s.Namespace, s.CrashPod)
	if r.URL.Path != want || r.URL.Query().Get("previous") != "true" {
		http.Error(w, "previous terminated container not found", http.StatusBadRequest)
		return
	}
	fmt.Fprint(w, s.CrashLog)
}

// writer writes the scene's objects, keeping the first error.
type writer struct {
	ctx    context.Context
	client kubernetes.Interface
	ns     string
	now    time.Time
	err    error
	serial int
}

func (w *writer) do(f func() error) {
	if w.err == nil {
		w.err = f()
	}
}

// node creates a Ready node whose kubelet is the fake one.
func (w *writer) node(name string, kubelet *httptest.Server) {
	host, port, _ := net.SplitHostPort(strings.TrimPrefix(kubelet.URL, "https://"))
	p, _ := strconv.Atoi(port)
	w.do(func() error {
		n, err := w.client.CoreV1().Nodes().Create(w.ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		n.Status = corev1.NodeStatus{
			Capacity:        corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110")},
			Allocatable:     corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("3920m"), corev1.ResourceMemory: resource.MustParse("15Gi"), corev1.ResourcePods: resource.MustParse("110")},
			Conditions:      []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", Message: "kubelet is posting ready status", LastHeartbeatTime: metav1.NewTime(w.now), LastTransitionTime: metav1.NewTime(w.now.Add(-24 * time.Hour))}},
			Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: host}},
			DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(p)}},
		}
		_, err = w.client.CoreV1().Nodes().UpdateStatus(w.ctx, n, metav1.UpdateOptions{})
		return err
	})
}

// deployment creates a Deployment and its ReplicaSet, as the Deployment
// controller would, and returns the ReplicaSet. A stuck one is past its
// progress deadline.
func (w *writer) deployment(name, hash, image string, stuck bool) *appsv1.ReplicaSet {
	labels := map[string]string{"app": name}
	template := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: labels},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: name, Image: image}}},
	}
	var rs *appsv1.ReplicaSet
	w.do(func() error {
		d, err := w.client.AppsV1().Deployments(w.ns).Create(w.ctx, &appsv1.Deployment{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
			Spec: appsv1.DeploymentSpec{
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: template,
			},
		}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		if stuck {
			d.Status = appsv1.DeploymentStatus{
				ObservedGeneration: d.Generation, Replicas: 1, UpdatedReplicas: 1, UnavailableReplicas: 1,
				Conditions: []appsv1.DeploymentCondition{
					{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionFalse, Reason: "MinimumReplicasUnavailable", Message: "Deployment does not have minimum availability.", LastUpdateTime: metav1.NewTime(w.now.Add(-40 * time.Minute)), LastTransitionTime: metav1.NewTime(w.now.Add(-40 * time.Minute))},
					{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded", Message: fmt.Sprintf("ReplicaSet %q has timed out progressing.", name+"-"+hash), LastUpdateTime: metav1.NewTime(w.now.Add(-30 * time.Minute)), LastTransitionTime: metav1.NewTime(w.now.Add(-30 * time.Minute))},
				},
			}
			if _, err := w.client.AppsV1().Deployments(w.ns).UpdateStatus(w.ctx, d, metav1.UpdateOptions{}); err != nil {
				return err
			}
		}
		rsLabels := map[string]string{"app": name, "pod-template-hash": hash}
		rsTemplate := *template.DeepCopy()
		rsTemplate.Labels = rsLabels
		rs, err = w.client.AppsV1().ReplicaSets(w.ns).Create(w.ctx, &appsv1.ReplicaSet{
			ObjectMeta: metav1.ObjectMeta{
				Name: name + "-" + hash, Labels: rsLabels,
				Annotations:     map[string]string{"deployment.kubernetes.io/revision": "1"},
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: d.Name, UID: d.UID, Controller: &controller, BlockOwnerDeletion: &controller}},
			},
			Spec: appsv1.ReplicaSetSpec{Selector: &metav1.LabelSelector{MatchLabels: rsLabels}, Template: rsTemplate},
		}, metav1.CreateOptions{})
		return err
	})
	return rs
}

// pod creates a pod of rs, bound to node unless node is "".
func (w *writer) pod(rs *appsv1.ReplicaSet, name, node, image string, requests corev1.ResourceList) *corev1.Pod {
	var pod *corev1.Pod
	w.do(func() error {
		var err error
		pod, err = w.client.CoreV1().Pods(w.ns).Create(w.ctx, &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{
				Name: name, Labels: rs.Spec.Template.Labels,
				OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: &controller, BlockOwnerDeletion: &controller}},
			},
			Spec: corev1.PodSpec{
				NodeName: node,
				Containers: []corev1.Container{{
					Name: rs.Spec.Template.Spec.Containers[0].Name, Image: image,
					Resources: corev1.ResourceRequirements{Requests: requests},
				}},
			},
		}, metav1.CreateOptions{})
		return err
	})
	return pod
}

// status writes a pod's status through the status subresource, as the
// kubelet does.
func (w *writer) status(pod *corev1.Pod, set func(*corev1.PodStatus)) {
	w.do(func() error {
		set(&pod.Status)
		updated, err := w.client.CoreV1().Pods(w.ns).UpdateStatus(w.ctx, pod, metav1.UpdateOptions{})
		if err == nil {
			*pod = *updated
		}
		return err
	})
}

func readyConditions(now time.Time, ready bool, container string) []corev1.PodCondition {
	at := metav1.NewTime(now.Add(-time.Hour))
	status, reason, message := corev1.ConditionTrue, "", ""
	if !ready {
		status, reason, message = corev1.ConditionFalse, "ContainersNotReady", fmt.Sprintf("containers with unready status: [%s]", container)
	}
	return []corev1.PodCondition{
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: at},
		{Type: corev1.PodReady, Status: status, Reason: reason, Message: message, LastTransitionTime: at},
		{Type: corev1.ContainersReady, Status: status, Reason: reason, Message: message, LastTransitionTime: at},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: at},
	}
}

// coreEvent records a core/v1 event about pod, as the kubelet does: seen
// count times over the span up to a minute ago.
func (w *writer) coreEvent(pod *corev1.Pod, component, eventType, reason, message string, count int32, span time.Duration) {
	w.do(func() error {
		w.serial++
		last := w.now.Add(-time.Minute)
		_, err := w.client.CoreV1().Events(w.ns).Create(w.ctx, &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Name: fmt.Sprintf("%s.%016x", pod.Name, w.serial)},
			InvolvedObject: corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID, FieldPath: "spec.containers{" + pod.Spec.Containers[0].Name + "}"},
			Reason:         reason, Message: message, Type: eventType, Count: count,
			Source:         corev1.EventSource{Component: component, Host: pod.Spec.NodeName},
			FirstTimestamp: metav1.NewTime(last.Add(-span)), LastTimestamp: metav1.NewTime(last),
		}, metav1.CreateOptions{})
		return err
	})
}

// schedulerEvent records an events.k8s.io/v1 FailedScheduling event, as
// kube-scheduler does: eventTime and a series, no legacy fields.
func (w *writer) schedulerEvent(pod *corev1.Pod, note string) {
	w.do(func() error {
		w.serial++
		_, err := w.client.EventsV1().Events(w.ns).Create(w.ctx, &eventsv1.Event{
			ObjectMeta:          metav1.ObjectMeta{Name: fmt.Sprintf("%s.%016x", pod.Name, w.serial)},
			EventTime:           metav1.NewMicroTime(w.now.Add(-20 * time.Minute)),
			Series:              &eventsv1.EventSeries{Count: 7, LastObservedTime: metav1.NewMicroTime(w.now.Add(-2 * time.Minute))},
			ReportingController: "default-scheduler",
			ReportingInstance:   "default-scheduler-control-plane",
			Action:              "Scheduling",
			Reason:              "FailedScheduling",
			Regarding:           corev1.ObjectReference{APIVersion: "v1", Kind: "Pod", Namespace: pod.Namespace, Name: pod.Name, UID: pod.UID},
			Note:                note,
			Type:                corev1.EventTypeWarning,
		}, metav1.CreateOptions{})
		return err
	})
}
