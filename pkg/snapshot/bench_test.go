package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// BenchmarkLoad loads a `kubectl get pods,events -o json` List of 1,000 pods
// and 5,000 events, printed as kubectl prints it (4-space indent).
func BenchmarkLoad(b *testing.B) {
	data := generateList(b, 1000, 5000)
	path := filepath.Join(b.TempDir(), "all.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := Load([]string{path}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Pods) != 1000 || len(s.Events) != 5000 {
			b.Fatalf("got %d pods, %d events", len(s.Pods), len(s.Events))
		}
	}
}

// BenchmarkLoadLarge loads 10,000 pods and 50,000 events (158 MB as kubectl
// prints them), the size poddoctor must read in well under 1.5 s on 2 cores.
func BenchmarkLoadLarge(b *testing.B) {
	path := filepath.Join(b.TempDir(), "all.json")
	data := generateList(b, 10000, 50000)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	data = nil
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load([]string{path}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewIndex indexes the snapshot of BenchmarkLoad.
func BenchmarkNewIndex(b *testing.B) {
	s, err := Load([]string{"-"}, bytes.NewReader(generateList(b, 1000, 5000)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		NewIndex(s)
	}
}

// generateList prints a v1 List of pods, each owned by one of a few
// ReplicaSets and failing in a common way, and of events about them.
func generateList(tb testing.TB, pods, events int) []byte {
	tb.Helper()
	base := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	items := make([]any, 0, pods+events)
	for i := range pods {
		items = append(items, generatePod(i, base))
	}
	for i := range events {
		pod := i % pods
		items = append(items, corev1.Event{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
			ObjectMeta: metav1.ObjectMeta{
				Name:              fmt.Sprintf("web-%d.%x", pod, 0x17c9a1b2c3d4e5f0+i),
				Namespace:         "shop",
				UID:               types.UID(fmt.Sprintf("e-%08d-1111-2222-3333-444455556666", i)),
				ResourceVersion:   fmt.Sprint(900000 + i),
				CreationTimestamp: metav1.NewTime(base.Add(time.Duration(i) * time.Second)),
			},
			InvolvedObject: corev1.ObjectReference{
				APIVersion: "v1", Kind: "Pod", Namespace: "shop",
				Name:            fmt.Sprintf("web-%d", pod),
				UID:             types.UID(fmt.Sprintf("p-%08d-1111-2222-3333-444455556666", pod)),
				ResourceVersion: "123456", FieldPath: "spec.containers{app}",
			},
			Reason:              "BackOff",
			Message:             "Back-off restarting failed container app in pod web-" + fmt.Sprint(pod) + "_shop(p-1111)",
			Source:              corev1.EventSource{Component: "kubelet", Host: "node-3"},
			FirstTimestamp:      metav1.NewTime(base),
			LastTimestamp:       metav1.NewTime(base.Add(time.Duration(i) * time.Second)),
			Count:               int32(1 + i%40),
			Type:                "Warning",
			ReportingController: "kubelet",
			ReportingInstance:   "node-3",
		})
	}
	data, err := json.MarshalIndent(map[string]any{
		"apiVersion": "v1", "kind": "List", "items": items,
		"metadata": map[string]string{"resourceVersion": ""},
	}, "", "    ")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// generatePod returns a crash-looping pod of a Deployment with the fields a
// real one has.
func generatePod(i int, base time.Time) corev1.Pod {
	name := fmt.Sprintf("web-%d", i)
	started := metav1.NewTime(base.Add(time.Minute))
	return corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{
			Name: name, GenerateName: "web-7c9f8b6d5-", Namespace: "shop",
			UID:               types.UID(fmt.Sprintf("p-%08d-1111-2222-3333-444455556666", i)),
			ResourceVersion:   fmt.Sprint(100000 + i),
			CreationTimestamp: metav1.NewTime(base),
			Labels:            map[string]string{"app": "web", "pod-template-hash": "7c9f8b6d5", "tier": "frontend"},
			Annotations:       map[string]string{"kubectl.kubernetes.io/restartedAt": "2026-03-14T08:59:00Z", "prometheus.io/scrape": "true"},
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "apps/v1", Kind: "ReplicaSet", Name: fmt.Sprintf("web-7c9f8b6d5-%d", i%10),
				UID:        types.UID(fmt.Sprintf("r-%08d-1111-2222-3333-444455556666", i%10)),
				Controller: new(true), BlockOwnerDeletion: new(true),
			}},
		},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{generateContainer("app", "registry.example.com/shop/web:1.4.2"),
				generateContainer("sidecar", "registry.example.com/shop/proxy:2.0.1")},
			RestartPolicy:                 corev1.RestartPolicyAlways,
			TerminationGracePeriodSeconds: new(int64(30)),
			DNSPolicy:                     corev1.DNSClusterFirst,
			ServiceAccountName:            "web",
			NodeName:                      "node-3",
			SecurityContext:               &corev1.PodSecurityContext{RunAsNonRoot: new(true)},
			SchedulerName:                 "default-scheduler",
			Tolerations: []corev1.Toleration{
				{Key: "node.kubernetes.io/not-ready", Operator: "Exists", Effect: "NoExecute", TolerationSeconds: new(int64(300))},
				{Key: "node.kubernetes.io/unreachable", Operator: "Exists", Effect: "NoExecute", TolerationSeconds: new(int64(300))},
			},
			Volumes: []corev1.Volume{{Name: "kube-api-access-x7k2p", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
				Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: new(int64(3607))}}},
			}}}},
		},
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning,
			Conditions: []corev1.PodCondition{
				{Type: "Initialized", Status: "True", LastTransitionTime: metav1.NewTime(base)},
				{Type: "Ready", Status: "False", Reason: "ContainersNotReady", Message: "containers with unready status: [app]", LastTransitionTime: started},
				{Type: "PodScheduled", Status: "True", LastTransitionTime: metav1.NewTime(base)},
			},
			HostIP: "10.0.3.17", PodIP: fmt.Sprintf("10.244.3.%d", i%250), StartTime: &started,
			QOSClass: corev1.PodQOSBurstable,
			ContainerStatuses: []corev1.ContainerStatus{{
				Name:  "app",
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff", Message: "back-off 5m0s restarting failed container=app pod=" + name + "_shop(p-1111)"}},
				LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
					ExitCode: 1, Reason: "Error", StartedAt: started, FinishedAt: started, ContainerID: "containerd://4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"}},
				Image: "registry.example.com/shop/web:1.4.2", ImageID: "registry.example.com/shop/web@sha256:9b2c1d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
				ContainerID: "containerd://4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c", RestartCount: 17, Started: new(false),
			}},
		},
	}
}

// generateContainer returns a container with probes, resources and env.
func generateContainer(name, image string) corev1.Container {
	return corev1.Container{
		Name: name, Image: image, ImagePullPolicy: corev1.PullIfNotPresent,
		Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
		Env: []corev1.EnvVar{
			{Name: "LOG_LEVEL", Value: "info"},
			{Name: "DB_PASSWORD", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "web-db"}, Key: "password"}}},
		},
		Resources: corev1.ResourceRequirements{
			Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
		},
		VolumeMounts: []corev1.VolumeMount{{Name: "kube-api-access-x7k2p", ReadOnly: true, MountPath: "/var/run/secrets/kubernetes.io/serviceaccount"}},
		LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http"), Scheme: "HTTP"}},
			InitialDelaySeconds: 10, TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3},
		TerminationMessagePath: "/dev/termination-log", TerminationMessagePolicy: corev1.TerminationMessageReadFile,
	}
}
