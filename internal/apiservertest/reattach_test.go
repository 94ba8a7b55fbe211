package apiservertest

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// TestKeptLoadIsReattached: a cluster loaded on kept etcd data is served
// again by a new server on the same data, events included, and Reattach
// gives back what was planted with the nodes' logs served again.
func TestKeptLoadIsReattached(t *testing.T) {
	etcd, apiserver := binariesOrSkip(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	opts := Options{DataDir: filepath.Join(dir, "etcd"), EventTTL: 24 * time.Hour}
	saved := filepath.Join(dir, "load.json")

	srv, err := StartWith(ctx, etcd, apiserver, opts)
	if err != nil {
		t.Fatal(err)
	}
	loadOpts := LoadOptions{Pods: 20, PodsPerApp: 10, FailingEvery: 2, Namespaces: 2, PodsPerNode: 10, Workers: 8, Prefix: "kept-"}
	first, err := Load(ctx, kubernetes.NewForConfigOrDie(srv.Config(AdminToken)), loadOpts)
	if err != nil {
		srv.Stop()
		t.Fatal(err)
	}
	if err := first.Save(saved, loadOpts); err != nil {
		t.Fatal(err)
	}
	first.Close()
	srv.Stop()

	srv, err = StartWith(ctx, etcd, apiserver, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	client := kubernetes.NewForConfigOrDie(srv.Config(AdminToken))
	again, err := Reattach(ctx, client, saved, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Pods != first.Pods || again.Events != first.Events || again.Nodes != first.Nodes || again.Deployments != first.Deployments || !slices.Equal(again.Failing, first.Failing) {
		t.Errorf("reattached %+v, want what was loaded: %+v", again, first)
	}
	pods, err := client.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	events, err := client.CoreV1().Events("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := countLoadedEvents(t, events.Items, "kept-team-"); len(pods.Items) != 20 || n != 100 {
		t.Errorf("the kept server holds %d pods and %d events of the loaded pods, want 20 and 100", len(pods.Items), n)
	}
	crash := again.Failing[0]
	log, err := client.CoreV1().Pods(crash.Namespace).GetLogs(crash.Name, &corev1.PodLogOptions{Container: "app", Previous: true}).DoRaw(ctx)
	if err != nil || len(log) == 0 {
		t.Errorf("log of %s/%s through the reattached kubelet: %q, %v", crash.Namespace, crash.Name, log, err)
	}
}
