package apiservertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// savedLoad is what Save keeps of a Load, beside etcd's kept data.
type savedLoad struct {
	Pods, Events, Nodes, Deployments int
	Failing                          []Planted
	Prefix                           string
}

// Save writes what Load planted to path, so that a later run on the same
// kept etcd data (Options.DataDir) can Reattach instead of loading again:
// loading 10,000 pods takes minutes, reattaching seconds.
func (l *Loaded) Save(path string, opts LoadOptions) error {
	data, err := json.Marshal(savedLoad{Pods: l.Pods, Events: l.Events, Nodes: l.Nodes, Deployments: l.Deployments, Failing: l.Failing, Prefix: opts.Prefix})
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

// Reattach reads what Save wrote to path and makes the kept cluster whole
// again on a server started on its etcd data: the fake kubelet that served
// the nodes' logs ended with the run that loaded them, so a new one starts
// and every node of the load is pointed at it, with a fresh heartbeat, as a
// restarted kubelet reports itself. client must be an admin's.
func Reattach(ctx context.Context, client kubernetes.Interface, path string, workers int) (*Loaded, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var saved savedLoad
	if err := json.Unmarshal(data, &saved); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	kubelet, host, port := startFakeKubelet()
	l := &loader{client: client, opts: LoadOptions{Workers: max(workers, 1), Prefix: saved.Prefix}, now: time.Now().UTC().Truncate(time.Second), kubeletHost: host, kubeletPort: port}
	err = l.parallel(ctx, saved.Nodes, func(ctx context.Context, i int) error {
		return l.reattachNode(ctx, l.nodeName(i))
	})
	if err != nil {
		kubelet.Close()
		return nil, err
	}
	return &Loaded{Pods: saved.Pods, Events: saved.Events, Nodes: saved.Nodes, Deployments: saved.Deployments, Failing: saved.Failing, kubelet: kubelet}, nil
}

// reattachNode points a node at the running fake kubelet.
func (l *loader) reattachNode(ctx context.Context, name string) error {
	n, err := l.client.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("get node %s: %w", name, err)
	}
	n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: l.kubeletHost}}
	n.Status.DaemonEndpoints.KubeletEndpoint.Port = l.kubeletPort
	for i := range n.Status.Conditions {
		n.Status.Conditions[i].LastHeartbeatTime = metav1.NewTime(l.now)
	}
	if _, err := l.client.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("update node %s status: %w", name, err)
	}
	return nil
}
