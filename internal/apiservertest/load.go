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
	"sync/atomic"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// LoadOptions size the cluster Load writes.
type LoadOptions struct {
	// Pods is the number of pods, in Deployments of PodsPerApp pods.
	Pods, PodsPerApp int
	// FailingEvery makes every n-th Deployment fail as a whole, one failure
	// kind after another (see Failures); 17 makes about 6 % of pods fail.
	FailingEvery int
	// Namespaces spread the Deployments; PodsPerNode sizes the nodes.
	Namespaces, PodsPerNode int
	// Workers is how many requests are in flight at once.
	Workers int
	// Prefix starts every namespace and node name, so that two loads on one
	// server do not meet.
	Prefix string
	// Progress, when set, is called now and then with the objects written.
	Progress func(written int64)
}

// Failures are the kinds of failure Load plants, each written as the
// kubelet or the scheduler writes it, with the diagnosis rule that names it.
var Failures = []struct{ Kind, Rule string }{
	{"crash-loop", "crash-loop"},
	{"image-typo", "image-typo"},
	{"unschedulable", "unschedulable-resources"},
	{"oom", "oom-killed"},
	{"missing-configmap", "missing-configmap"},
	{"readiness", "readiness-probe-failing"},
}

// Planted is one failing pod Load wrote.
type Planted struct {
	Namespace, Name string
	// Kind is one of Failures' kinds.
	Kind string
}

// Loaded is what Load wrote. Close stops its kubelet.
type Loaded struct {
	Pods, Events, Nodes, Deployments int
	Failing                          []Planted

	kubelet *httptest.Server
}

// Close stops the fake kubelet that serves the nodes' container logs.
func (l *Loaded) Close() { l.kubelet.Close() }

// images run by the healthy Deployments; image-typo pods misspell the
// first.
var loadImages = []string{"nginx:1.27.3", "redis:7.4.1", "ghcr.io/acme/shop-api:1.14.0", "postgres:16.4", "quay.io/prometheus/node-exporter:v1.8.2"}

// Load writes a cluster the way its controllers, scheduler and kubelets
// would have: nodes, Deployments with their ReplicaSets and pods, pod
// status through the status subresource, and five events a pod (Scheduled,
// Pulling, Pulled, Created, Started for a healthy one; the failure's own
// for a failing one). Requests go out Workers at a time, so 10,000 pods and
// 50,000 events take minutes. client must be an admin's, without
// client-side throttling.
func Load(ctx context.Context, client kubernetes.Interface, opts LoadOptions) (*Loaded, error) {
	if opts.PodsPerApp <= 0 || opts.Namespaces <= 0 || opts.PodsPerNode <= 0 || opts.Workers <= 0 || opts.FailingEvery <= 0 {
		return nil, fmt.Errorf("load: PodsPerApp, Namespaces, PodsPerNode, Workers and FailingEvery must be positive: %+v", opts)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Every node's kubelet is one fake on loopback, which the API server
	// asks for pods/log: it answers any container with a crash's last lines.
	kubelet, host, port := startFakeKubelet()
	l := &loader{client: client, opts: opts, now: time.Now().UTC().Truncate(time.Second), kubeletHost: host, kubeletPort: port}
	ok := false
	defer func() {
		if !ok {
			kubelet.Close()
		}
	}()
	l.nodes = (opts.Pods + opts.PodsPerNode - 1) / opts.PodsPerNode

	// Namespaces, their default ServiceAccounts (no controller manager
	// makes them) and the nodes first: everything else refers to them.
	err := l.parallel(ctx, opts.Namespaces+l.nodes, func(ctx context.Context, i int) error {
		if i < opts.Namespaces {
			return l.namespace(ctx, l.namespaceName(i))
		}
		return l.node(ctx, l.nodeName(i-opts.Namespaces))
	})
	if err != nil {
		return nil, err
	}
	apps := (opts.Pods + opts.PodsPerApp - 1) / opts.PodsPerApp
	failing := make([][]Planted, apps)
	err = l.parallel(ctx, apps, func(ctx context.Context, i int) error {
		var err error
		failing[i], err = l.app(ctx, i, min(opts.PodsPerApp, opts.Pods-i*opts.PodsPerApp))
		return err
	})
	if err != nil {
		return nil, err
	}
	ok = true
	out := &Loaded{Pods: opts.Pods, Events: int(l.events.Load()), Nodes: l.nodes, Deployments: apps, kubelet: kubelet}
	for _, f := range failing {
		out.Failing = append(out.Failing, f...)
	}
	return out, nil
}

// startFakeKubelet serves every node's container logs on loopback: any
// container answers with a crash's last lines.
func startFakeKubelet() (kubelet *httptest.Server, host string, port int32) {
	kubelet = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "2026-12-07T02:10:11Z INFO starting server on :8080\n2026-12-07T02:10:12Z FATAL cannot connect to postgres:5432: connection refused\n")
	}))
	host, p, _ := net.SplitHostPort(strings.TrimPrefix(kubelet.URL, "https://"))
	n, _ := strconv.Atoi(p)
	return kubelet, host, int32(n)
}

type loader struct {
	client  kubernetes.Interface
	opts    LoadOptions
	now     time.Time
	nodes   int
	written atomic.Int64
	events  atomic.Int64

	kubeletHost string
	kubeletPort int32
}

func (l *loader) namespaceName(i int) string { return fmt.Sprintf("%steam-%02d", l.opts.Prefix, i) }
func (l *loader) nodeName(i int) string      { return fmt.Sprintf("%snode-%04d", l.opts.Prefix, i) }

// parallel runs task(0..n-1) on Workers goroutines; the first error stops
// the rest.
func (l *loader) parallel(ctx context.Context, n int, task func(context.Context, int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(l.opts.Workers, n) {
		wg.Go(func() {
			for i := range next {
				if err := task(ctx, i); err != nil {
					cancel(err)
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// wrote counts one written object and reports progress every 1,000.
func (l *loader) wrote() {
	if n := l.written.Add(1); n%1000 == 0 && l.opts.Progress != nil {
		l.opts.Progress(n)
	}
}

func (l *loader) namespace(ctx context.Context, name string) error {
	if _, err := l.client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create namespace %s: %w", name, err)
	}
	if _, err := l.client.CoreV1().ServiceAccounts(name).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("create service account %s/default: %w", name, err)
	}
	l.wrote()
	return nil
}

// node creates a Ready node with the capacity of a 4-CPU machine.
func (l *loader) node(ctx context.Context, name string) error {
	n, err := l.client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{
		Name:   name,
		Labels: map[string]string{"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "m5.xlarge"},
	}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("create node %s: %w", name, err)
	}
	n.Status = corev1.NodeStatus{
		Capacity:    corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"), corev1.ResourceMemory: resource.MustParse("16Gi"), corev1.ResourcePods: resource.MustParse("110")},
		Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("3920m"), corev1.ResourceMemory: resource.MustParse("15Gi"), corev1.ResourcePods: resource.MustParse("110")},
		Conditions: []corev1.NodeCondition{
			{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasSufficientMemory", Message: "kubelet has sufficient memory available", LastHeartbeatTime: metav1.NewTime(l.now), LastTransitionTime: metav1.NewTime(l.now.Add(-72 * time.Hour))},
			{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady", Message: "kubelet is posting ready status", LastHeartbeatTime: metav1.NewTime(l.now), LastTransitionTime: metav1.NewTime(l.now.Add(-72 * time.Hour))},
		},
		Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: l.kubeletHost}},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: l.kubeletPort}},
		NodeInfo:        corev1.NodeSystemInfo{KubeletVersion: "v1.37.2", ContainerRuntimeVersion: "containerd://2.1.4", OSImage: "Ubuntu 24.04.3 LTS", Architecture: "amd64", OperatingSystem: "linux"},
	}
	if _, err := l.client.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("update node %s status: %w", name, err)
	}
	l.wrote()
	return nil
}

// app writes Deployment i with its ReplicaSet and pods; every FailingEvery-th
// fails as a whole, with the failure kind of its turn.
func (l *loader) app(ctx context.Context, i, pods int) ([]Planted, error) {
	ns := l.namespaceName(i % l.opts.Namespaces)
	name := fmt.Sprintf("app-%04d", i)
	image := loadImages[i%len(loadImages)]
	kind := ""
	if i%l.opts.FailingEvery == 0 {
		kind = Failures[(i/l.opts.FailingEvery)%len(Failures)].Kind
	}
	if kind == "image-typo" {
		image = "ngnix:1.27.3" // nginx:1.27.3, which healthy pods run, misspelt
	}
	hash := fmt.Sprintf("%x", 0x5d8f7b9c6+i)[:9]
	labels := map[string]string{"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "shop"}
	template := podTemplate(name, image, labels, kind)
	d, err := l.client.AppsV1().Deployments(ns).Create(ctx, &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec:       appsv1.DeploymentSpec{Replicas: int32Ptr(int32(pods)), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
	}, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create deployment %s/%s: %w", ns, name, err)
	}
	l.wrote()
	rsLabels := map[string]string{"pod-template-hash": hash}
	for k, v := range labels {
		rsLabels[k] = v
	}
	rsTemplate := *template.DeepCopy()
	rsTemplate.Labels = rsLabels
	rs, err := l.client.AppsV1().ReplicaSets(ns).Create(ctx, &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{
			Name: name + "-" + hash, Labels: rsLabels,
			Annotations:     map[string]string{"deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": fmt.Sprint(pods)},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: d.Name, UID: d.UID, Controller: &controller, BlockOwnerDeletion: &controller}},
		},
		Spec: appsv1.ReplicaSetSpec{Replicas: int32Ptr(int32(pods)), Selector: &metav1.LabelSelector{MatchLabels: rsLabels}, Template: rsTemplate},
	}, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create replicaset %s/%s: %w", ns, name, err)
	}
	l.wrote()
	var planted []Planted
	for p := range pods {
		podName := fmt.Sprintf("%s-%s-%05d", name, hash, p)
		node := ""
		if kind != "unschedulable" {
			node = l.nodeName((i*l.opts.PodsPerApp + p) % l.nodes)
		}
		if err := l.pod(ctx, rs, podName, node, kind); err != nil {
			return nil, err
		}
		if kind != "" {
			planted = append(planted, Planted{Namespace: ns, Name: podName, Kind: kind})
		}
	}
	return planted, nil
}

func int32Ptr(v int32) *int32 { return &v }

// podTemplate is a web service's container as Deployments usually have it:
// ports, requests and limits, probes, environment and a config volume.
func podTemplate(name, image string, labels map[string]string, kind string) corev1.PodTemplateSpec {
	c := corev1.Container{
		Name: "app", Image: image,
		Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
		Env: []corev1.EnvVar{
			{Name: "APP_NAME", Value: name},
			{Name: "LOG_LEVEL", Value: "info"},
			{Name: "POD_IP", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{APIVersion: "v1", FieldPath: "status.podIP"}}},
		},
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
			Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("256Mi")},
		},
		ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}}, PeriodSeconds: 10},
		LivenessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/livez", Port: intstr.FromString("http")}}, PeriodSeconds: 20, FailureThreshold: 3},
		VolumeMounts:   []corev1.VolumeMount{{Name: "config", MountPath: "/etc/app"}},
	}
	switch kind {
	case "unschedulable":
		c.Resources.Requests[corev1.ResourceCPU] = resource.MustParse("64")
	case "missing-configmap":
		c.EnvFrom = []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name + "-config"}}}}
	}
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: map[string]string{"prometheus.io/scrape": "true", "prometheus.io/port": "8080"}},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{c},
			Volumes:    []corev1.Volume{{Name: "config", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}},
		},
	}
}
