package diagnose_test

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// A pod stuck pulling a misspelled image, and the kubelet's event about
// it, diagnosed from code rather than from a saved file.
func Example() {
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	pod := corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "pod-uid"},
		Spec: corev1.PodSpec{
			NodeName:   "worker-1",
			Containers: []corev1.Container{{Name: "web", Image: "ngnx:1.27"}},
		},
		Status: corev1.PodStatus{
			Phase: corev1.PodPending,
			ContainerStatuses: []corev1.ContainerStatus{{
				Name:  "web",
				Image: "ngnx:1.27",
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
					Reason:  "ImagePullBackOff",
					Message: `Back-off pulling image "ngnx:1.27"`,
				}},
			}},
		},
	}
	event := corev1.Event{
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "shop", Name: "web", UID: "pod-uid", FieldPath: "spec.containers{web}"},
		Type:           corev1.EventTypeWarning,
		Reason:         "Failed",
		Message:        `Failed to pull image "ngnx:1.27": failed to pull and unpack image "docker.io/library/ngnx:1.27": failed to resolve reference "docker.io/library/ngnx:1.27": pull access denied, repository does not exist or may not have permission to access: insufficient_scope: authorization failed`,
		Count:          3,
		FirstTimestamp: metav1.NewTime(now.Add(-2 * time.Minute)),
		LastTimestamp:  metav1.NewTime(now.Add(-10 * time.Second)),
		Source:         corev1.EventSource{Component: "kubelet"},
	}
	snap := &snapshot.Snapshot{Pods: []corev1.Pod{pod}, Events: []corev1.Event{event}}

	ctx := context.Background()
	d, err := diagnose.New(ctx, diagnose.Options{Now: func() time.Time { return now }})
	if err != nil {
		panic(err)
	}
	result, err := d.Diagnose(ctx, snap, diagnose.Filter{})
	if err != nil {
		panic(err)
	}
	for _, f := range result.Findings {
		fmt.Println(f.Rule, f.Object.Name, f.Container)
		fmt.Println(f.Message)
		fmt.Println(f.Fix.Path, "=", f.Fix.Value)
	}
	// Output:
	// image-typo web web
	// the container "web" cannot be pulled: image "ngnx:1.27" does not exist; did you mean "nginx:1.27"?
	// spec.containers[0].image = nginx:1.27
}
