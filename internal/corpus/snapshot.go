package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// SnapshotOptions say what Snapshot generates.
type SnapshotOptions struct {
	// Pods is how many pods the cluster runs.
	Pods int
	// EventsPerPod is the average number of events about each pod; 0
	// means 5.
	EventsPerPod int
	// Seed makes another cluster of the same shape.
	Seed uint64
	// Order places the events: "" after each pod (as above), OrderEventsFirst
	// all before every other object (as `kubectl get events,pods` prints
	// them, and as a cluster-info dump's events.json sorts before its
	// pods.json), OrderEventsLast all after the pods and owners, and the
	// nodes after them (as `kubectl get pods,events,...,nodes` prints
	// them: a pod is read before its node says whether it is Ready).
	Order string
}

// The orders of events SnapshotOptions.Order knows.
const (
	OrderEventsFirst = "events-first"
	OrderEventsLast  = "events-last"
)

// CapturedAt is the moment generated snapshots were taken: the newest
// timestamp in them.
var CapturedAt = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// SnapshotStats describe a generated snapshot.
type SnapshotStats struct {
	Bytes  int
	Pods   int
	Events int
	Nodes  int
	// Owners counts the controllers (Deployments, ReplicaSets,
	// StatefulSets, DaemonSets, CronJobs, Jobs).
	Owners int
	// States counts the pods by what is wrong with them ("healthy",
	// "crash-loop", ...).
	States map[string]int
}

func (s SnapshotStats) String() string {
	var states []string
	for k, n := range s.States {
		states = append(states, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(states)
	return fmt.Sprintf("%d pods, %d events, %d nodes, %d owners, %.1f MB\nstates: %s",
		s.Pods, s.Events, s.Nodes, s.Owners, float64(s.Bytes)/1e6, strings.Join(states, ", "))
}

// Snapshot writes a cluster as `kubectl get nodes,deployments,replicasets,
// statefulsets,daemonsets,cronjobs,jobs,pods,events -A -o json` prints it:
// one List, 4-space indent. Most pods are healthy; the rest fail the ways
// pods usually fail (crash loops, image typos, unschedulable, OOM kills,
// failing readiness probes, missing ConfigMaps, evictions, a NotReady
// node), each with the events kubelet and the scheduler write.
func Snapshot(w io.Writer, opts SnapshotOptions) (SnapshotStats, error) {
	perPod := opts.EventsPerPod
	if perPod <= 0 {
		perPod = 5
	}
	g := &clusterGen{
		rnd:    rand.New(rand.NewPCG(opts.Seed, 0x5bd1e995)),
		perPod: perPod,
		stats:  SnapshotStats{States: map[string]int{}},
	}
	switch opts.Order {
	case "", OrderEventsFirst, OrderEventsLast:
	default:
		return SnapshotStats{}, fmt.Errorf("unknown order %q: want %s or %s", opts.Order, OrderEventsFirst, OrderEventsLast)
	}
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g.out = bw
	var held *os.File
	if opts.Order != "" {
		// The events are held in a temporary file until the other objects
		// are written: a 150,000-pod cluster has 750 MB of them.
		f, err := os.CreateTemp("", "poddoctor-gen-events-*.json")
		if err != nil {
			return SnapshotStats{}, fmt.Errorf("hold events: %w", err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		held = f
		g.events = &itemStream{out: bufio.NewWriterSize(f, 1<<20)}
	}
	g.write("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n")
	if opts.Order == OrderEventsFirst {
		// Nodes and objects follow the events: generate them into a held
		// stream too, then write the events first.
		f, err := os.CreateTemp("", "poddoctor-gen-objects-*.json")
		if err != nil {
			return SnapshotStats{}, fmt.Errorf("hold objects: %w", err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		objects := &itemStream{out: bufio.NewWriterSize(f, 1<<20)}
		g.main = objects
		g.generate(opts.Pods)
		g.copyHeld(g.events, held, bw)
		g.copyHeld(objects, f, bw)
	} else {
		g.main = &itemStream{out: bw}
		var nodesFile *os.File
		if opts.Order == OrderEventsLast {
			f, err := os.CreateTemp("", "poddoctor-gen-nodes-*.json")
			if err != nil {
				return SnapshotStats{}, fmt.Errorf("hold nodes: %w", err)
			}
			defer os.Remove(f.Name())
			defer f.Close()
			nodesFile, g.nodeStream = f, &itemStream{out: bufio.NewWriterSize(f, 1<<20)}
		}
		g.generate(opts.Pods)
		g.written = g.main.items
		if g.events != nil {
			g.copyHeld(g.events, held, bw)
		}
		if g.nodeStream != nil {
			g.copyHeld(g.nodeStream, nodesFile, bw)
		}
	}
	g.write("\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n")
	if g.err == nil {
		g.err = bw.Flush()
	}
	g.stats.Bytes = cw.n
	return g.stats, g.err
}

// generate makes the nodes and enough applications for pods pods.
func (g *clusterGen) generate(pods int) {
	g.nodes(max(3, pods/30))
	for app := 0; g.stats.Pods < pods; app++ {
		g.app(app, pods-g.stats.Pods)
	}
}

// itemStream is a run of List items, written one after another.
type itemStream struct {
	out   *bufio.Writer
	items int
}

// copyHeld writes the items held in stream (flushed to f) after those
// written so far.
func (g *clusterGen) copyHeld(stream *itemStream, f *os.File, w *bufio.Writer) {
	if g.err != nil || stream.items == 0 {
		return
	}
	if g.err = stream.out.Flush(); g.err != nil {
		return
	}
	if _, g.err = f.Seek(0, io.SeekStart); g.err != nil {
		return
	}
	if g.written > 0 {
		g.write(",\n")
	}
	g.written += stream.items
	if g.err == nil {
		_, g.err = io.Copy(w, f)
	}
}

type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

type clusterGen struct {
	rnd    *rand.Rand
	perPod int
	out    *bufio.Writer
	// main takes the objects, events the events when they are held apart
	// (nil: they go to main).
	main, events *itemStream
	// nodeStream takes the nodes when they are held for the end.
	nodeStream *itemStream
	// written counts the items written to out by copyHeld.
	written int
	err     error
	nodes_  []string
	stats   SnapshotStats
	serial  int
}

func (g *clusterGen) write(s string) {
	if g.err == nil {
		_, g.err = g.out.WriteString(s)
	}
}

// item writes one object of the List.
func (g *clusterGen) item(obj any) { g.itemTo(g.main, obj) }

// event writes one event, where the order puts events.
func (g *clusterGen) event(e corev1.Event) {
	if g.events != nil {
		g.itemTo(g.events, e)
		return
	}
	g.itemTo(g.main, e)
}

func (g *clusterGen) itemTo(s *itemStream, obj any) {
	if g.err != nil {
		return
	}
	data, err := json.MarshalIndent(obj, "        ", "    ")
	if err != nil {
		g.err = err
		return
	}
	if s.items > 0 {
		_, g.err = s.out.WriteString(",\n")
	}
	s.items++
	if g.err == nil {
		_, g.err = s.out.WriteString("        ")
	}
	if g.err == nil {
		_, g.err = s.out.Write(data)
	}
}

// uid returns a fresh, deterministic uid.
func (g *clusterGen) uid() types.UID {
	g.serial++
	return types.UID(fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", g.serial, g.serial%0xffff, g.serial%0xfff, (g.serial*7)%0xfff, uint64(g.serial)*0x9e3779b9))
}

func ago(d time.Duration) metav1.Time { return metav1.NewTime(CapturedAt.Add(-d)) }

func (g *clusterGen) nodes(n int) {
	for i := range n {
		name := fmt.Sprintf("worker-%d", i)
		g.nodes_ = append(g.nodes_, name)
		ready := corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
			Message: "kubelet is posting ready status", LastHeartbeatTime: ago(20 * time.Second), LastTransitionTime: ago(240 * time.Hour)}
		if i%97 == 13 {
			ready = corev1.NodeCondition{Type: corev1.NodeReady, Status: corev1.ConditionUnknown, Reason: "NodeStatusUnknown",
				Message: "Kubelet stopped posting node status.", LastHeartbeatTime: ago(9 * time.Minute), LastTransitionTime: ago(8 * time.Minute)}
		}
		stream := g.main
		if g.nodeStream != nil {
			stream = g.nodeStream
		}
		g.itemTo(stream, corev1.Node{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
			ObjectMeta: metav1.ObjectMeta{Name: name, UID: g.uid(), CreationTimestamp: ago(2400 * time.Hour),
				Labels: map[string]string{"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
					"node.kubernetes.io/instance-type": "m6i.2xlarge", "topology.kubernetes.io/zone": fmt.Sprintf("eu-west-1%c", 'a'+i%3)}},
			Spec: corev1.NodeSpec{PodCIDR: fmt.Sprintf("10.244.%d.0/24", i%256), ProviderID: fmt.Sprintf("aws:///eu-west-1a/i-%016x", i)},
			Status: corev1.NodeStatus{
				Capacity:    corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("8"), corev1.ResourceMemory: resource.MustParse("32Gi"), corev1.ResourcePods: resource.MustParse("110")},
				Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("7910m"), corev1.ResourceMemory: resource.MustParse("31Gi"), corev1.ResourcePods: resource.MustParse("110")},
				Conditions: []corev1.NodeCondition{
					{Type: corev1.NodeMemoryPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasSufficientMemory", LastHeartbeatTime: ago(20 * time.Second), LastTransitionTime: ago(240 * time.Hour)},
					{Type: corev1.NodeDiskPressure, Status: corev1.ConditionFalse, Reason: "KubeletHasNoDiskPressure", LastHeartbeatTime: ago(20 * time.Second), LastTransitionTime: ago(240 * time.Hour)},
					ready,
				},
				Addresses: []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: fmt.Sprintf("10.0.%d.%d", i/250, i%250)}, {Type: corev1.NodeHostName, Address: name}},
				NodeInfo: corev1.NodeSystemInfo{KubeletVersion: "v1.33.4", ContainerRuntimeVersion: "containerd://2.0.5", OperatingSystem: "linux", Architecture: "amd64",
					KernelVersion: "6.1.0-31-cloud-amd64", OSImage: "Debian GNU/Linux 12 (bookworm)"},
			},
		})
	}
	g.stats.Nodes = n
}

func (g *clusterGen) notReady(node string) bool {
	var i int
	fmt.Sscanf(node, "worker-%d", &i)
	return i%97 == 13
}

// podState is what is wrong with the pods of one app.
type podState string

const (
	stateHealthy     podState = "healthy"
	stateCrashLoop   podState = "crash-loop"
	stateImageTypo   podState = "image-typo"
	stateUnsched     podState = "unschedulable"
	stateOOM         podState = "oom-killed"
	stateReadiness   podState = "readiness-probe-failing"
	stateMissingCM   podState = "missing-configmap"
	stateEvicted     podState = "evicted"
	stateSucceeded   podState = "succeeded"
	stateNotReadyRun podState = "on-not-ready-node"
)

func (g *clusterGen) pickState() podState {
	switch r := g.rnd.Float64(); {
	case r < 0.025:
		return stateCrashLoop
	case r < 0.035:
		return stateImageTypo
	case r < 0.045:
		return stateUnsched
	case r < 0.055:
		return stateOOM
	case r < 0.065:
		return stateReadiness
	case r < 0.070:
		return stateMissingCM
	case r < 0.075:
		return stateEvicted
	}
	return stateHealthy
}

// app writes one app's controllers, pods and events, at most room pods.
func (g *clusterGen) app(i, room int) {
	name := fmt.Sprintf("%s-%d", appWords[i%len(appWords)], i)
	ns := fmt.Sprintf("team-%02d", i%teams)
	state := g.pickState()
	image := fmt.Sprintf("registry.example.com/%s/%s:1.%d.%d", ns, name, i%17, i%5)
	if state == stateImageTypo {
		w := wellKnown[g.rnd.IntN(len(wellKnown))]
		image = w.typo
	}
	labels := map[string]string{"app.kubernetes.io/name": name}
	created := ago(time.Duration(2+g.rnd.IntN(400)) * time.Hour)
	meta := func(kind string) metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: name, Namespace: ns, UID: g.uid(), CreationTimestamp: created, Labels: labels, Generation: 3}
	}
	template := corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: podSpec(name, image)}
	var owner metav1.OwnerReference
	replicas := min(room, 3)
	switch r := g.rnd.Float64(); {
	case r < 0.70:
		d := appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"}, ObjectMeta: meta("Deployment"),
			Spec: appsv1.DeploymentSpec{Replicas: ptr(int32(replicas)), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template,
				ProgressDeadlineSeconds: ptr(int32(600)), RevisionHistoryLimit: ptr(int32(10))}}
		d.Status = appsv1.DeploymentStatus{ObservedGeneration: 3, Replicas: int32(replicas), UpdatedReplicas: int32(replicas), ReadyReplicas: int32(replicas), AvailableReplicas: int32(replicas),
			Conditions: []appsv1.DeploymentCondition{
				{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, Reason: "MinimumReplicasAvailable", Message: "Deployment has minimum availability.", LastUpdateTime: created, LastTransitionTime: created},
				{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable", Message: fmt.Sprintf("ReplicaSet %q has successfully progressed.", name+"-7c9f8b6d5"), LastUpdateTime: created, LastTransitionTime: created}}}
		if state != stateHealthy && state != stateEvicted {
			d.Status.ReadyReplicas, d.Status.AvailableReplicas, d.Status.UnavailableReplicas = 0, 0, int32(replicas)
			if g.rnd.IntN(2) == 0 {
				d.Status.Conditions[1] = appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded",
					Message: fmt.Sprintf("ReplicaSet %q has timed out progressing.", name+"-7c9f8b6d5"), LastUpdateTime: ago(20 * time.Minute), LastTransitionTime: ago(20 * time.Minute)}
			}
		}
		g.item(d)
		rs := appsv1.ReplicaSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "ReplicaSet"}, ObjectMeta: meta("ReplicaSet"),
			Spec:   appsv1.ReplicaSetSpec{Replicas: ptr(int32(replicas)), Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
			Status: appsv1.ReplicaSetStatus{Replicas: int32(replicas), FullyLabeledReplicas: int32(replicas), ReadyReplicas: d.Status.ReadyReplicas, AvailableReplicas: d.Status.AvailableReplicas, ObservedGeneration: 3}}
		rs.Name = name + "-7c9f8b6d5"
		rs.OwnerReferences = []metav1.OwnerReference{controllerRef("apps/v1", "Deployment", d.Name, d.UID)}
		rs.Annotations = map[string]string{"deployment.kubernetes.io/desired-replicas": fmt.Sprint(replicas), "deployment.kubernetes.io/revision": "3"}
		g.item(rs)
		g.stats.Owners += 2
		owner = controllerRef("apps/v1", "ReplicaSet", rs.Name, rs.UID)
	case r < 0.80:
		s := appsv1.StatefulSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"}, ObjectMeta: meta("StatefulSet"),
			Spec:   appsv1.StatefulSetSpec{Replicas: ptr(int32(replicas)), ServiceName: name, Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
			Status: appsv1.StatefulSetStatus{ObservedGeneration: 3, Replicas: int32(replicas), ReadyReplicas: int32(replicas), CurrentReplicas: int32(replicas), UpdatedReplicas: int32(replicas)}}
		g.item(s)
		g.stats.Owners++
		owner = controllerRef("apps/v1", "StatefulSet", s.Name, s.UID)
	case r < 0.90:
		d := appsv1.DaemonSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: "DaemonSet"}, ObjectMeta: meta("DaemonSet"),
			Spec: appsv1.DaemonSetSpec{Selector: &metav1.LabelSelector{MatchLabels: labels}, Template: template},
			Status: appsv1.DaemonSetStatus{DesiredNumberScheduled: int32(replicas), CurrentNumberScheduled: int32(replicas), NumberReady: int32(replicas),
				NumberAvailable: int32(replicas), UpdatedNumberScheduled: int32(replicas), ObservedGeneration: 3}}
		g.item(d)
		g.stats.Owners++
		owner = controllerRef("apps/v1", "DaemonSet", d.Name, d.UID)
	default:
		replicas = 1
		if state != stateCrashLoop {
			state = stateSucceeded // most runs of a CronJob complete
		}
		cj := batchv1.CronJob{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"}, ObjectMeta: meta("CronJob"),
			Spec:   batchv1.CronJobSpec{Schedule: "0 */6 * * *", JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{BackoffLimit: ptr(int32(2)), Template: template}}},
			Status: batchv1.CronJobStatus{LastScheduleTime: ptr(ago(40 * time.Minute))}}
		cj.Spec.JobTemplate.Spec.Template.Spec.RestartPolicy = corev1.RestartPolicyOnFailure
		g.item(cj)
		job := batchv1.Job{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"}, ObjectMeta: meta("Job"), Spec: cj.Spec.JobTemplate.Spec}
		job.Name = fmt.Sprintf("%s-%d", name, 29412655+i)
		job.OwnerReferences = []metav1.OwnerReference{controllerRef("batch/v1", "CronJob", cj.Name, cj.UID)}
		job.Status = batchv1.JobStatus{StartTime: ptr(ago(40 * time.Minute)), Succeeded: 1, CompletionTime: ptr(ago(38 * time.Minute)),
			Conditions: []batchv1.JobCondition{{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastProbeTime: ago(38 * time.Minute), LastTransitionTime: ago(38 * time.Minute)}}}
		if state == stateCrashLoop {
			job.Status.Succeeded, job.Status.Failed, job.Status.Active = 0, 0, 1
			job.Status.CompletionTime, job.Status.Conditions = nil, nil
		}
		g.item(job)
		g.stats.Owners += 2
		owner = controllerRef("batch/v1", "Job", job.Name, job.UID)
	}
	for r := range replicas {
		g.pod(name, ns, owner, template, state, r)
	}
}

func controllerRef(apiVersion, kind, name string, uid types.UID) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: name, UID: uid, Controller: ptr(true), BlockOwnerDeletion: ptr(true)}
}

func ptr[T any](v T) *T { return &v }

func podSpec(name, image string) corev1.PodSpec {
	return corev1.PodSpec{
		ServiceAccountName:            name,
		RestartPolicy:                 corev1.RestartPolicyAlways,
		TerminationGracePeriodSeconds: ptr(int64(30)),
		DNSPolicy:                     corev1.DNSClusterFirst,
		SchedulerName:                 "default-scheduler",
		SecurityContext:               &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(10001))},
		Containers: []corev1.Container{{
			Name: "app", Image: image, ImagePullPolicy: corev1.PullIfNotPresent,
			Args:  []string{"--port=8080", "--log-level=info"},
			Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
			Env: []corev1.EnvVar{{Name: "LOG_LEVEL", Value: "info"},
				{Name: "DATABASE_URL", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name + "-db"}, Key: "url"}}}},
			EnvFrom: []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: name + "-config"}}}},
			Resources: corev1.ResourceRequirements{
				Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("512Mi")},
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")}},
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/ready", Port: intstr.FromString("http"), Scheme: corev1.URISchemeHTTP}},
				TimeoutSeconds: 1, PeriodSeconds: 10, SuccessThreshold: 1, FailureThreshold: 3},
			LivenessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http"), Scheme: corev1.URISchemeHTTP}},
				InitialDelaySeconds: 15, TimeoutSeconds: 1, PeriodSeconds: 20, SuccessThreshold: 1, FailureThreshold: 3},
			VolumeMounts:             []corev1.VolumeMount{{Name: "kube-api-access", ReadOnly: true, MountPath: "/var/run/secrets/kubernetes.io/serviceaccount"}},
			TerminationMessagePath:   "/dev/termination-log",
			TerminationMessagePolicy: corev1.TerminationMessageReadFile,
		}},
		Volumes: []corev1.Volume{{Name: "kube-api-access", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{
			Sources: []corev1.VolumeProjection{{ServiceAccountToken: &corev1.ServiceAccountTokenProjection{Path: "token", ExpirationSeconds: ptr(int64(3607))}}}}}}},
		Tolerations: []corev1.Toleration{
			{Key: "node.kubernetes.io/not-ready", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(300))},
			{Key: "node.kubernetes.io/unreachable", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(300))}},
	}
}

// pod writes one pod and its events.
func (g *clusterGen) pod(app, ns string, owner metav1.OwnerReference, template corev1.PodTemplateSpec, state podState, replica int) {
	suffix := fmt.Sprintf("%05x", g.rnd.Uint32()&0xfffff)
	name := fmt.Sprintf("%s-%s", owner.Name, suffix)
	if owner.Kind == "StatefulSet" {
		name = fmt.Sprintf("%s-%d", owner.Name, replica)
	}
	node := g.nodes_[g.rnd.IntN(len(g.nodes_))]
	if state == stateHealthy && g.notReady(node) {
		state = stateNotReadyRun
	}
	started := ago(time.Duration(1+g.rnd.IntN(300)) * time.Hour)
	if state != stateHealthy && state != stateNotReadyRun && state != stateSucceeded {
		started = ago(time.Duration(10+g.rnd.IntN(40)) * time.Minute)
	}
	spec := *template.Spec.DeepCopy()
	if state == stateSucceeded {
		spec.RestartPolicy = corev1.RestartPolicyOnFailure
	}
	pod := corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: name, GenerateName: owner.Name + "-", Namespace: ns, UID: g.uid(), ResourceVersion: fmt.Sprint(100000 + g.serial),
			CreationTimestamp: started, Labels: map[string]string{"app.kubernetes.io/name": app, "pod-template-hash": "7c9f8b6d5"},
			OwnerReferences: []metav1.OwnerReference{owner}},
		Spec: spec,
	}
	pod.Spec.NodeName = node
	ip := fmt.Sprintf("10.244.%d.%d", g.serial%256, g.serial%250+2)
	ready := corev1.ConditionTrue
	status := corev1.ContainerStatus{Name: "app", Image: spec.Containers[0].Image, Ready: true, Started: ptr(true),
		ImageID:     "registry.example.com/" + app + "@sha256:9b2c1d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c",
		ContainerID: fmt.Sprintf("containerd://%064x", g.serial),
		State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: started}}}
	pod.Status = corev1.PodStatus{Phase: corev1.PodRunning, HostIP: "10.0.0.1", PodIP: ip, PodIPs: []corev1.PodIP{{IP: ip}}, StartTime: &started, QOSClass: corev1.PodQOSBurstable}
	ref := corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: name, UID: pod.UID, APIVersion: "v1", ResourceVersion: pod.ResourceVersion}
	var events []corev1.Event
	ev := func(typ, reason, msg, fieldPath, component string, count int32, first, last time.Duration) {
		r := ref
		r.FieldPath = fieldPath
		events = append(events, corev1.Event{
			TypeMeta:       metav1.TypeMeta{APIVersion: "v1", Kind: "Event"},
			ObjectMeta:     metav1.ObjectMeta{Name: fmt.Sprintf("%s.%x", name, 0x17c9a1b2c3d4e5f0+uint64(g.serial)*977+uint64(len(events))), Namespace: ns, UID: g.uid(), CreationTimestamp: ago(first), ResourceVersion: fmt.Sprint(900000 + g.serial)},
			InvolvedObject: r, Reason: reason, Message: msg, Type: typ, Count: count,
			Source:         corev1.EventSource{Component: component, Host: node},
			FirstTimestamp: ago(first), LastTimestamp: ago(last),
			ReportingController: component, ReportingInstance: node,
		})
	}
	age := CapturedAt.Sub(started.Time)
	container := "spec.containers{app}"
	image := spec.Containers[0].Image
	startEvents := func() {
		ev("Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", ns, name, node), "", "default-scheduler", 1, age, age)
		ev("Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", image), container, "kubelet", 1, age-time.Second, age-time.Second)
		ev("Normal", "Created", "Created container: app", container, "kubelet", 1, age-2*time.Second, age-2*time.Second)
		ev("Normal", "Started", "Started container app", container, "kubelet", 1, age-3*time.Second, age-3*time.Second)
	}
	switch state {
	case stateHealthy, stateNotReadyRun:
		startEvents()
		// Healthy pods of long-lived clusters still carry a Normal event
		// or two more: a pull for the rolling update, a probe warning
		// long ago.
		for len(events) < g.perPod {
			ev("Normal", "Pulling", fmt.Sprintf("Pulling image %q", image), container, "kubelet", 1, age, age)
		}
		if state == stateNotReadyRun {
			ev("Normal", "NodeNotReady", "Node is not ready", "", "node-controller", 1, 8*time.Minute, 8*time.Minute)
			ready = corev1.ConditionFalse
			status.Ready = false
		}
	case stateSucceeded:
		ev("Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", ns, name, node), "", "default-scheduler", 1, 40*time.Minute, 40*time.Minute)
		ev("Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", image), container, "kubelet", 1, 40*time.Minute, 40*time.Minute)
		ev("Normal", "Created", "Created container: app", container, "kubelet", 1, 40*time.Minute, 40*time.Minute)
		ev("Normal", "Started", "Started container app", container, "kubelet", 1, 40*time.Minute, 40*time.Minute)
		ev("Normal", "Completed", "Job completed", "", "job-controller", 1, 38*time.Minute, 38*time.Minute)
		pod.Status.Phase = corev1.PodSucceeded
		ready = corev1.ConditionFalse
		status.Ready, status.Started = false, ptr(false)
		status.State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: ago(40 * time.Minute), FinishedAt: ago(38 * time.Minute), ContainerID: status.ContainerID}}
	case stateCrashLoop, stateOOM:
		startEvents()
		restarts := int32(3 + g.rnd.IntN(30))
		reason, code := "Error", int32(1)
		if state == stateOOM {
			reason, code = "OOMKilled", 137
		}
		ev("Warning", "BackOff", fmt.Sprintf("Back-off restarting failed container app in pod %s_%s(%s)", name, ns, pod.UID), container, "kubelet", restarts*3, age-time.Minute, 30*time.Second)
		status.Ready, status.Started, status.RestartCount = false, ptr(false), restarts
		status.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: code, Reason: reason, StartedAt: ago(3 * time.Minute), FinishedAt: ago(2 * time.Minute), ContainerID: status.ContainerID}}
		status.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
			Message: fmt.Sprintf("back-off 5m0s restarting failed container=app pod=%s_%s(%s)", name, ns, pod.UID)}}
		ready = corev1.ConditionFalse
	case stateImageTypo:
		ev("Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", ns, name, node), "", "default-scheduler", 1, age, age)
		ev("Normal", "Pulling", fmt.Sprintf("Pulling image %q", image), container, "kubelet", 6, age, 2*time.Minute)
		full := "docker.io/library/" + image
		if strings.Contains(image, "/") {
			full = "docker.io/" + image
		}
		ev("Warning", "Failed", fmt.Sprintf("Failed to pull image %q: rpc error: code = NotFound desc = failed to pull and unpack image %q: failed to resolve reference %q: %s: not found", image, full, full, full), container, "kubelet", 6, age, 2*time.Minute)
		ev("Warning", "Failed", "Error: ErrImagePull", container, "kubelet", 6, age, 2*time.Minute)
		ev("Normal", "BackOff", fmt.Sprintf("Back-off pulling image %q", image), container, "kubelet", 40, age, 20*time.Second)
		ev("Warning", "Failed", "Error: ImagePullBackOff", container, "kubelet", 40, age, 20*time.Second)
		status.Ready, status.Started, status.ImageID, status.ContainerID = false, ptr(false), "", ""
		status.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: fmt.Sprintf("Back-off pulling image %q", image)}}
		pod.Status.Phase = corev1.PodPending
		ready = corev1.ConditionFalse
	case stateMissingCM:
		ev("Normal", "Scheduled", fmt.Sprintf("Successfully assigned %s/%s to %s", ns, name, node), "", "default-scheduler", 1, age, age)
		ev("Normal", "Pulled", fmt.Sprintf("Container image %q already present on machine", image), container, "kubelet", 12, age, time.Minute)
		ev("Warning", "Failed", fmt.Sprintf("Error: configmap %q not found", app+"-config"), container, "kubelet", 12, age, time.Minute)
		status.Ready, status.Started, status.ContainerID = false, ptr(false), ""
		status.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CreateContainerConfigError", Message: fmt.Sprintf("configmap %q not found", app+"-config")}}
		pod.Status.Phase = corev1.PodPending
		ready = corev1.ConditionFalse
	case stateReadiness:
		startEvents()
		ev("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", container, "kubelet", int32(age/(10*time.Second)), age-15*time.Second, 5*time.Second)
		status.Ready = false
		ready = corev1.ConditionFalse
	case stateUnsched:
		pod.Spec.NodeName = ""
		pod.Status = corev1.PodStatus{Phase: corev1.PodPending, QOSClass: corev1.PodQOSBurstable,
			Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", LastTransitionTime: started,
				Message: fmt.Sprintf("0/%d nodes are available: %d Insufficient memory. preemption: 0/%[1]d nodes are available: %[2]d No preemption victims found for incoming pod.", len(g.nodes_), len(g.nodes_))}}}
		ev("Warning", "FailedScheduling", pod.Status.Conditions[0].Message, "", "default-scheduler", int32(age/time.Minute), age, 30*time.Second)
		g.stats.States[string(state)]++
		g.finishPod(pod, events)
		return
	case stateEvicted:
		pod.Status = corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted", StartTime: &started, QOSClass: corev1.PodQOSBurstable,
			Message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 86328Ki. Container app was using 1248352Ki, request is 128Mi, has larger consumption of memory. ",
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Image: image, ImageID: status.ImageID, Started: ptr(false),
				State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "ContainerStatusUnknown", Message: "The container could not be located when the pod was terminated", StartedAt: started, FinishedAt: ago(5 * time.Minute)}}}}}
		startEvents()
		ev("Warning", "Evicted", "The node was low on resource: memory. Threshold quantity: 100Mi, available: 86328Ki. Container app was using 1248352Ki, request is 128Mi, has larger consumption of memory. ", "", "kubelet", 1, 5*time.Minute, 5*time.Minute)
		ev("Normal", "Killing", "Stopping container app", container, "kubelet", 1, 5*time.Minute, 5*time.Minute)
		g.stats.States[string(state)]++
		g.finishPod(pod, events)
		return
	}
	g.stats.States[string(state)]++
	pod.Status.Conditions = append([]corev1.PodCondition{
		{Type: "PodReadyToStartContainers", Status: corev1.ConditionTrue, LastTransitionTime: started},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: started},
		{Type: corev1.PodReady, Status: ready, LastTransitionTime: started},
		{Type: corev1.ContainersReady, Status: ready, LastTransitionTime: started},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: started},
	}, pod.Status.Conditions...)
	pod.Status.ContainerStatuses = []corev1.ContainerStatus{status}
	g.finishPod(pod, events)
}

func (g *clusterGen) finishPod(pod corev1.Pod, events []corev1.Event) {
	g.item(pod)
	for _, e := range events {
		g.event(e)
	}
	g.stats.Pods++
	g.stats.Events += len(events)
}
