//go:build linux

package e2e

import (
	"context"
	"os/exec"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// killOneTwice runs the seed's `kubectl exec POD -- kill 1` twice in the
// kill-one scenario's container, each time once it has run 12 seconds (so
// the ended instance is a server that had run, not a program that returned
// at once), and waits until it runs again after the second kill.
func killOneTwice(ctx context.Context, t *testing.T, client kubernetes.Interface, kubectl, kubeconfig, ns string) {
	t.Helper()
	for kill := 1; kill <= 2; kill++ {
		if !waitRunning(ctx, client, ns, "kill-one", int32(kill-1), 12*time.Second) {
			t.Errorf("kill-one: not running for 12s with %d restarts after 2 minutes", kill-1)
			return
		}
		out, err := exec.CommandContext(ctx, kubectl, "--kubeconfig", kubeconfig, "exec", "-n", ns, "kill-one", "-c", "app", "--", "kill", "1").CombinedOutput()
		if err != nil {
			t.Errorf("kubectl exec kill-one -- kill 1: %v: %s", err, out)
			return
		}
		t.Logf("kill-one: kill 1 (%d of 2)", kill)
	}
	if !waitRunning(ctx, client, ns, "kill-one", 2, 0) {
		t.Errorf("kill-one: not running again with 2 restarts after 2 minutes")
	}
}

// waitRunning waits until the pod's first container runs with restarts
// restarts and has run for at least ran.
func waitRunning(ctx context.Context, client kubernetes.Interface, ns, name string, restarts int32, ran time.Duration) bool {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		pod, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err == nil && len(pod.Status.ContainerStatuses) > 0 {
			s := pod.Status.ContainerStatuses[0]
			if running := s.State.Running; running != nil && s.RestartCount == restarts && time.Since(running.StartedAt.Time) >= ran {
				return true
			}
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(500 * time.Millisecond):
		}
	}
	return false
}
