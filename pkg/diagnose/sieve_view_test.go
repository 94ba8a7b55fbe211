package diagnose

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestSieveReadsOnlyItsView holds the Sieve to the contract of
// snapshot.PodSieve: Observe and Keep read only snapshot.SievePodFields,
// because a sifted load shows them pods that hold nothing else. Over the
// pods of generated clusters and of the testdata, the Sieve must keep the
// same pods, at every clock, and observe the same owners, images and
// secret values, whether it sees each whole pod or only its
// snapshot.SieveView.
func TestSieveReadsOnlyItsView(t *testing.T) {
	var pods []corev1.Pod
	for seed := uint64(1); seed <= 3; seed++ {
		var buf bytes.Buffer
		if _, err := corpus.Snapshot(&buf, corpus.SnapshotOptions{Pods: 400, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		snap, err := snapshot.Load([]string{"-"}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		pods = append(pods, snap.Pods...)
	}
	paths, _ := filepath.Glob("../../testdata/diagnose/*")
	for _, path := range paths {
		if strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".golden") {
			continue
		}
		snap, err := snapshot.Load([]string{path}, nil)
		if err != nil {
			continue // not a snapshot the loader reads; other tests say why
		}
		pods = append(pods, snap.Pods...)
	}
	// Plain env values under secret names, which the generator does not
	// write: in an init container and a container of a copied pod.
	withSecrets := *pods[0].DeepCopy()
	withSecrets.UID += "-secrets"
	withSecrets.Spec.InitContainers = []corev1.Container{{Name: "migrate", Image: "registry.example.com/migrate:1",
		Env: []corev1.EnvVar{{Name: "DB_PASSWORD", Value: "hunter2"}}}}
	withSecrets.Spec.Containers[0].Env = append(withSecrets.Spec.Containers[0].Env, corev1.EnvVar{Name: "API_TOKEN", Value: "tok-123"})
	pods = append(pods, withSecrets)
	// A sidecar (an init container that restarts always) that stopped
	// cleanly needs a look; an init container that did, not.
	always := corev1.ContainerRestartPolicyAlways
	for n, policy := range []*corev1.ContainerRestartPolicy{&always, nil} {
		pods = append(pods, corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: fmt.Sprintf("web-%d", n), UID: types.UID(fmt.Sprintf("sidecar-%d", n))},
			Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyAlways,
				InitContainers: []corev1.Container{{Name: "proxy", Image: "envoy:1", RestartPolicy: policy}},
				Containers:     []corev1.Container{{Name: "web", Image: "web:1"}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning,
				Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
				InitContainerStatuses: []corev1.ContainerStatus{{Name: "proxy", Ready: true,
					State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}}},
				ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true,
					State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}},
		})
	}
	if len(pods) < 1000 {
		t.Fatalf("only %d pods to compare", len(pods))
	}
	ctx := context.Background()
	clocks := []func() time.Time{
		nil,
		func() time.Time { return corpus.CapturedAt.Add(50 * time.Minute) },
		func() time.Time { return corpus.CapturedAt.Add(-3 * time.Hour) },
	}
	newest := []time.Time{corpus.CapturedAt.Add(-2 * time.Hour), corpus.CapturedAt, corpus.CapturedAt.Add(time.Hour)}
	kept := 0
	for _, clock := range clocks {
		d, err := New(ctx, Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		onWhole, onView := d.Sieve(), d.Sieve()
		for i := range pods {
			pod := &pods[i]
			view := snapshot.SieveView(pod)
			onWhole.Observe(pod)
			onView.Observe(view)
			for _, at := range newest {
				whole := onWhole.Keep(pod, at)
				if got := onView.Keep(view, at); got != whole {
					t.Fatalf("pod %s/%s at %s: Keep says %v on the whole pod, %v on its view", pod.Namespace, pod.Name, at, whole, got)
				}
				if whole {
					kept++
				}
			}
		}
		if !reflect.DeepEqual(onWhole.owners, onView.owners) || !reflect.DeepEqual(onWhole.images, onView.images) || !reflect.DeepEqual(onWhole.secrets, onView.secrets) {
			t.Fatalf("Observe learns other things from the views:\nwhole %v %q %q\nview  %v %q %q", onWhole.owners, onWhole.images, onWhole.secrets, onView.owners, onView.images, onView.secrets)
		}
		if len(onWhole.owners) == 0 || len(onWhole.images) == 0 || len(onWhole.secrets) == 0 {
			t.Fatalf("nothing observed to compare: %d owners, %d images, %d secret values", len(onWhole.owners), len(onWhole.images), len(onWhole.secrets))
		}
	}
	if kept == 0 || kept == len(pods)*len(clocks)*len(newest) {
		t.Fatalf("Keep kept %d of %d: the comparison proves nothing unless it keeps some and drops some", kept, len(pods)*len(clocks)*len(newest))
	}
}
