package diagnose

import (
	"context"
	"errors"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestResultEmpty: data with no pod and no workload is an empty run for a
// Go program too; a healthy pod or a lone Deployment is not.
func TestResultEmpty(t *testing.T) {
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	meta := metav1.ObjectMeta{Name: "x", Namespace: "shop"}
	tests := []struct {
		name  string
		snap  *snapshot.Snapshot
		empty bool
	}{
		{"nothing", &snapshot.Snapshot{Sources: []string{"snap.json"}}, true},
		{"events and nodes only", &snapshot.Snapshot{Events: []corev1.Event{{ObjectMeta: meta}}, Nodes: []corev1.Node{{}}}, true},
		{"a healthy pod", &snapshot.Snapshot{Pods: []corev1.Pod{{ObjectMeta: meta, Status: corev1.PodStatus{Phase: corev1.PodRunning}}}}, false},
		{"a deployment without pods", &snapshot.Snapshot{Deployments: []appsv1.Deployment{{ObjectMeta: meta}}}, false},
	}
	for _, tt := range tests {
		res, err := d.Diagnose(context.Background(), tt.snap, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Empty()
		var empty *EmptyInputError
		if tt.empty != errors.As(got, &empty) {
			t.Errorf("%s: Empty() = %v, want empty %v", tt.name, got, tt.empty)
		}
	}
	if Empty(&snapshot.Snapshot{Nodes: []corev1.Node{{}}}) == nil || Empty(&snapshot.Snapshot{Jobs: make([]batchv1.Job, 1)}) != nil {
		t.Error("Empty(snapshot) disagrees with Result.Empty")
	}
	_, res := d.Facts(&snapshot.Snapshot{Sources: []string{"snap.json"}}, Filter{})
	if err := res.Empty(); err == nil || err.Error() != "nothing to diagnose: snap.json holds no pod and no workload" {
		t.Errorf("Facts result: Empty() = %v", err)
	}
}
