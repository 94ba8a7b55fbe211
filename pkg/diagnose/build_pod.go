package diagnose

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// logTailLines is how many log lines a container's facts keep: enough to
// show the error that ended it, few enough to read at 3 a.m.
const logTailLines = 20

// factBuilder builds facts documents from one snapshot at one moment.
type factBuilder struct {
	snap    *snapshot.Snapshot
	index   *snapshot.Index
	now     time.Time
	cluster ClusterFacts
}

// topOwner is the last controller of an owner chain, nil for none.
func topOwner(chain []Ref) *Ref {
	if len(chain) == 0 {
		return nil
	}
	top := chain[len(chain)-1]
	return &top
}

// podOwnerAndPulled returns the Owner and the PulledImages of the pod's
// facts document (podFacts) without building the rest of it: what the
// documents of a run share (owner pod counts, the image catalog) is read
// from all of them before any is evaluated.
func (b *factBuilder) podOwnerAndPulled(pod *corev1.Pod) (*Ref, []string) {
	events, _ := eventFacts(b.podEvents(pod), b.now)
	return topOwner(b.ownerChain(pod.Namespace, pod.OwnerReferences)), pulledImages(events)
}

// podFacts reads and classifies everything known about one pod.
func (b *factBuilder) podFacts(pod *corev1.Pod) *PodFacts {
	events, omitted := eventFacts(b.podEvents(pod), b.now)
	f := &PodFacts{
		EventsOmitted:   omitted,
		Object:          ref("v1", "Pod", pod.Namespace, pod.Name, pod.UID),
		Phase:           string(pod.Status.Phase),
		Reason:          pod.Status.Reason,
		Message:         pod.Status.Message,
		NodeName:        pod.Spec.NodeName,
		RestartPolicy:   string(pod.Spec.RestartPolicy),
		AgeSeconds:      ageSeconds(pod.CreationTimestamp.Time, b.now),
		Conditions:      map[string]Condition{},
		SchedulingGates: []string{},
		Events:          events,
		Mounts:          []MountFailure{},
		PulledImages:    pulledImages(events),
		Volumes:         volumes(pod),
		Cluster:         b.cluster,
		Requests:        podRequests(pod),
		OwnerChain:      []Ref{},
	}
	if pod.Spec.ActiveDeadlineSeconds != nil {
		f.ActiveDeadlineSeconds = *pod.Spec.ActiveDeadlineSeconds
	}
	if f.RestartPolicy == "" {
		f.RestartPolicy = string(corev1.RestartPolicyAlways)
	}
	for _, c := range pod.Status.Conditions {
		f.Conditions[string(c.Type)] = Condition{
			Status: string(c.Status), Reason: c.Reason, Message: c.Message,
			AgeSeconds: ageSeconds(c.LastTransitionTime.Time, b.now),
		}
	}
	for _, g := range pod.Spec.SchedulingGates {
		f.SchedulingGates = append(f.SchedulingGates, g.Name)
	}
	f.OwnerChain = b.ownerChain(pod.Namespace, pod.OwnerReferences)
	f.Owner = topOwner(f.OwnerChain)
	if pod.DeletionTimestamp != nil {
		grace := int64(30)
		if pod.DeletionGracePeriodSeconds != nil {
			grace = *pod.DeletionGracePeriodSeconds
		}
		f.Deletion = &Deletion{
			// deletionTimestamp is already "request time + grace period".
			OverdueSeconds:     int64(b.now.Sub(pod.DeletionTimestamp.Time) / time.Second),
			GracePeriodSeconds: grace,
			Finalizers:         append([]string{}, pod.Finalizers...),
		}
	}
	if pod.Spec.NodeName != "" {
		if node := b.index.Node(pod.Spec.NodeName); node != nil {
			f.Node = nodeFacts(node)
		}
	}
	f.Scheduling = schedulingFacts(f)
	for _, e := range events {
		switch e.Family {
		case FamilyVolume:
			f.Mounts = append(f.Mounts, MountFailure{MountFailure: classify.ClassifyMountMessage(e.Reason, e.Message), Event: e})
		case FamilySandbox:
			if f.Sandbox == nil && e.Type == corev1.EventTypeWarning {
				s := classify.ClassifySandboxMessage(e.Message)
				f.Sandbox = &s
			}
		}
	}
	f.Eviction = podEviction(pod)
	f.Containers = b.containerFacts(pod, events)
	f.Claims = b.claimFacts(pod)
	return f
}

// podEvents are the pod's events: by uid, or by name when the pod or its
// events were saved without uids.
func (b *factBuilder) podEvents(pod *corev1.Pod) []*corev1.Event {
	if pod.UID != "" {
		return b.index.EventsFor(pod.UID)
	}
	return b.index.EventsNamed("Pod", pod.Namespace, pod.Name)
}

// schedulingFacts classifies the scheduler's newest verdict on the pod.
func schedulingFacts(f *PodFacts) *classify.SchedulingFailure {
	if e, ok := newestOf(f.Events, FamilyScheduling); ok && f.NodeName == "" {
		s := classify.ClassifySchedulingMessage(e.Message)
		return &s
	}
	// A gated pod is not a scheduling failure: scheduling-gated explains it.
	if c, ok := f.Conditions["PodScheduled"]; ok && c.Status == "False" && c.Message != "" && c.Reason != "SchedulingGated" {
		s := classify.ClassifySchedulingMessage(c.Message)
		return &s
	}
	return nil
}

// ownerChain follows controller references upward: ReplicaSet, then its
// Deployment; Job, then its CronJob. An owner missing from the snapshot
// still appears, from the reference alone, and ends the chain.
func (b *factBuilder) ownerChain(namespace string, refs []metav1.OwnerReference) []Ref {
	chain := []Ref{}
	for depth := 0; depth < 5; depth++ {
		owner := controllerOf(refs)
		if owner == nil {
			break
		}
		chain = append(chain, ref(owner.APIVersion, owner.Kind, namespace, owner.Name, owner.UID))
		obj := b.index.ByUID(owner.UID)
		if obj == nil {
			obj = b.index.Lookup(snapshot.ObjectKey{Kind: owner.Kind, Namespace: namespace, Name: owner.Name})
		}
		if obj == nil {
			break
		}
		refs = obj.GetOwnerReferences()
	}
	return chain
}

func controllerOf(refs []metav1.OwnerReference) *metav1.OwnerReference {
	for i := range refs {
		if refs[i].Controller != nil && *refs[i].Controller {
			return &refs[i]
		}
	}
	if len(refs) == 1 {
		return &refs[0] // hand-written objects often omit controller: true
	}
	return nil
}

func ref(apiVersion, kind, namespace, name string, uid types.UID) Ref {
	return Ref{APIVersion: apiVersion, Kind: kind, Namespace: namespace, Name: name, UID: string(uid)}
}

func nodeFacts(node *corev1.Node) *NodeFacts {
	f := &NodeFacts{
		Name:          node.Name,
		Ready:         "Unknown",
		Pressure:      []string{},
		Unschedulable: node.Spec.Unschedulable,
		Taints:        []string{},
		Allocatable:   map[string]string{},
	}
	for _, c := range node.Status.Conditions {
		switch {
		case c.Type == corev1.NodeReady:
			f.Ready, f.ReadyReason, f.ReadyMessage = string(c.Status), c.Reason, c.Message
		case c.Status == corev1.ConditionTrue && strings.HasSuffix(string(c.Type), "Pressure"):
			f.Pressure = append(f.Pressure, string(c.Type))
		}
	}
	for _, t := range node.Spec.Taints {
		f.Taints = append(f.Taints, t.ToString())
	}
	for name, q := range node.Status.Allocatable {
		f.Allocatable[string(name)] = readableQuantity(name, q)
	}
	return f
}

func volumes(pod *corev1.Pod) []Volume {
	out := []Volume{}
	for _, v := range pod.Spec.Volumes {
		vol := Volume{Name: v.Name, Kind: "other"}
		switch {
		case v.ConfigMap != nil:
			vol.Kind, vol.Object = "configMap", v.ConfigMap.Name
		case v.Secret != nil:
			vol.Kind, vol.Object = "secret", v.Secret.SecretName
		case v.PersistentVolumeClaim != nil:
			vol.Kind, vol.Object = "persistentVolumeClaim", v.PersistentVolumeClaim.ClaimName
		case v.EmptyDir != nil:
			vol.Kind = "emptyDir"
		case v.HostPath != nil:
			vol.Kind, vol.Object = "hostPath", v.HostPath.Path
		case v.Projected != nil:
			vol.Kind = "projected"
		case v.DownwardAPI != nil:
			vol.Kind = "downwardAPI"
		case v.CSI != nil:
			vol.Kind, vol.Object = "csi", v.CSI.Driver
		case v.Ephemeral != nil:
			vol.Kind = "ephemeral"
		}
		out = append(out, vol)
	}
	return out
}

// containerFacts builds the facts of every container, init first.
func (b *factBuilder) containerFacts(pod *corev1.Pod, events []Event) []ContainerFacts {
	statuses := map[string]corev1.ContainerStatus{}
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses, pod.Status.EphemeralContainerStatuses} {
		for _, s := range list {
			statuses[s.Name] = s
		}
	}
	var out []ContainerFacts
	for i, c := range pod.Spec.InitContainers {
		typ := "init"
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			typ = "sidecar"
		}
		out = append(out, b.oneContainer(pod, c, typ, fmt.Sprintf("spec.initContainers[%d]", i), statuses, events))
	}
	for i, c := range pod.Spec.Containers {
		out = append(out, b.oneContainer(pod, c, "regular", fmt.Sprintf("spec.containers[%d]", i), statuses, events))
	}
	for i, ec := range pod.Spec.EphemeralContainers {
		c := corev1.Container(ec.EphemeralContainerCommon)
		out = append(out, b.oneContainer(pod, c, "ephemeral", fmt.Sprintf("spec.ephemeralContainers[%d]", i), statuses, events))
	}
	if out == nil {
		out = []ContainerFacts{}
	}
	return out
}

func (b *factBuilder) oneContainer(pod *corev1.Pod, c corev1.Container, typ, path string, statuses map[string]corev1.ContainerStatus, podEvents []Event) ContainerFacts {
	status, hasStatus := statuses[c.Name]
	f := ContainerFacts{
		Name:          c.Name,
		Type:          typ,
		Image:         c.Image,
		Path:          path,
		State:         State{Name: "unknown", SinceSeconds: -1},
		Resources:     resources(c.Resources),
		Probes:        probes(c),
		ConfigRefs:    configRefs(c),
		Events:        eventsOfContainer(podEvents, c.Name),
		ProbeFailures: []ProbeFailure{},
		LogTail:       []string{},
		LogsCommand:   fmt.Sprintf("kubectl logs -n %s %s -c %s", pod.Namespace, pod.Name, c.Name),
		Ports:         declaredPorts(c),
		CommandPorts:  commandPorts(c),
		Mounts:        volumeMounts(c),
	}
	if hasStatus {
		f.State = b.state(status.State)
		if status.LastTerminationState.Terminated != nil {
			last := b.state(status.LastTerminationState)
			f.LastState = &last
		}
		f.RestartCount = status.RestartCount
		f.Ready = status.Ready
		f.Started = status.Started != nil && *status.Started
	}
	if f.LastState != nil {
		f.LogsCommand += " --previous"
	}
	f.PullFailure = pullFailure(f)
	f.Error = containerError(f)
	for _, e := range f.Events {
		if e.Family != FamilyProbe || e.Reason != "Unhealthy" {
			continue
		}
		if p, ok := classify.ClassifyProbeMessage(e.Message); ok {
			f.ProbeFailures = append(f.ProbeFailures, ProbeFailure{ProbeFailure: p, Event: e})
		}
	}
	f.LogTail, f.LogPrevious = b.logTail(pod, c.Name)
	f.LogCause = b.logCause(pod, f)
	return f
}

// state flattens one container state.
func (b *factBuilder) state(s corev1.ContainerState) State {
	switch {
	case s.Waiting != nil:
		return State{Name: "waiting", Reason: s.Waiting.Reason, Message: s.Waiting.Message, SinceSeconds: -1}
	case s.Running != nil:
		return State{Name: "running", SinceSeconds: ageSeconds(s.Running.StartedAt.Time, b.now)}
	case s.Terminated != nil:
		exit := classify.ExplainExitCode(s.Terminated.ExitCode)
		return State{
			Name: "terminated", Reason: s.Terminated.Reason, Message: s.Terminated.Message,
			Exit: &exit, SinceSeconds: ageSeconds(s.Terminated.FinishedAt.Time, b.now),
			RanSeconds: ranSeconds(s.Terminated),
		}
	}
	return State{Name: "unknown", SinceSeconds: -1}
}

func resources(r corev1.ResourceRequirements) Resources {
	out := Resources{Requests: map[string]string{}, Limits: map[string]string{}}
	for name, q := range r.Requests {
		out.Requests[string(name)] = q.String()
	}
	for name, q := range r.Limits {
		out.Limits[string(name)] = q.String()
	}
	return out
}

func probes(c corev1.Container) []Probe {
	out := []Probe{}
	for _, p := range []struct {
		kind  string
		probe *corev1.Probe
	}{{"liveness", c.LivenessProbe}, {"readiness", c.ReadinessProbe}, {"startup", c.StartupProbe}} {
		if p.probe == nil {
			continue
		}
		handler, target := probeTarget(p.probe.ProbeHandler)
		out = append(out, Probe{
			Kind: p.kind, Handler: handler, Target: target,
			PeriodSeconds:    defaultInt(p.probe.PeriodSeconds, 10),
			FailureThreshold: defaultInt(p.probe.FailureThreshold, 3),
			TimeoutSeconds:   defaultInt(p.probe.TimeoutSeconds, 1),
			InitialDelay:     p.probe.InitialDelaySeconds,
		})
	}
	return out
}

func probeTarget(h corev1.ProbeHandler) (handler, target string) {
	switch {
	case h.HTTPGet != nil:
		return "http", fmt.Sprintf("GET :%s%s", h.HTTPGet.Port.String(), h.HTTPGet.Path)
	case h.TCPSocket != nil:
		return "tcp", "tcp :" + h.TCPSocket.Port.String()
	case h.Exec != nil:
		return "exec", "exec " + strings.Join(h.Exec.Command, " ")
	case h.GRPC != nil:
		return "grpc", fmt.Sprintf("grpc :%d", h.GRPC.Port)
	}
	return "unknown", ""
}

// defaultInt returns v, or the API default d when the field was omitted
// (a saved object read back has the defaults; a hand-written one may not).
func defaultInt(v, d int32) int32 {
	if v == 0 {
		return d
	}
	return v
}

func configRefs(c corev1.Container) []EnvRef {
	out := []EnvRef{}
	for _, e := range c.EnvFrom {
		switch {
		case e.ConfigMapRef != nil:
			out = append(out, EnvRef{Kind: "ConfigMap", Name: e.ConfigMapRef.Name, Optional: isTrue(e.ConfigMapRef.Optional)})
		case e.SecretRef != nil:
			out = append(out, EnvRef{Kind: "Secret", Name: e.SecretRef.Name, Optional: isTrue(e.SecretRef.Optional)})
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			continue
		}
		switch {
		case e.ValueFrom.ConfigMapKeyRef != nil:
			r := e.ValueFrom.ConfigMapKeyRef
			out = append(out, EnvRef{Kind: "ConfigMap", Name: r.Name, Key: r.Key, Optional: isTrue(r.Optional)})
		case e.ValueFrom.SecretKeyRef != nil:
			r := e.ValueFrom.SecretKeyRef
			out = append(out, EnvRef{Kind: "Secret", Name: r.Name, Key: r.Key, Optional: isTrue(r.Optional)})
		}
	}
	return out
}

func isTrue(b *bool) bool { return b != nil && *b }

// logTail returns the last lines of the container's log: the previous
// instance's when captured (it holds the crash), else the current one's.
func (b *factBuilder) logTail(pod *corev1.Pod, container string) ([]string, bool) {
	for _, previous := range []bool{true, false} {
		log, ok := b.snap.Logs[snapshot.ContainerKey{Namespace: pod.Namespace, Pod: pod.Name, Container: container, Previous: previous}]
		if ok && strings.TrimSpace(log) != "" {
			return lastLines(log, logTailLines), previous
		}
	}
	return []string{}, false
}

func lastLines(log string, n int) []string {
	lines := strings.Split(strings.TrimRight(log, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}

// clusterFacts summarizes the snapshot's nodes once per run.
func clusterFacts(snap *snapshot.Snapshot) ClusterFacts {
	largest := map[corev1.ResourceName]resource.Quantity{}
	for _, node := range snap.Nodes {
		for name, q := range node.Status.Allocatable {
			if cur, ok := largest[name]; !ok || q.Cmp(cur) > 0 {
				largest[name] = q
			}
		}
	}
	out := ClusterFacts{Nodes: len(snap.Nodes), LargestAllocatable: map[string]string{}}
	for name, q := range largest {
		out.LargestAllocatable[string(name)] = readableQuantity(name, q)
	}
	return out
}

// readableQuantity writes byte quantities as a person reads them: nodes
// report memory as "16283148Ki", which is "15.5Gi". The value stays a
// valid quantity (a little rounded) for policies that parse it.
func readableQuantity(name corev1.ResourceName, q resource.Quantity) string {
	isBytes := name == corev1.ResourceMemory || name == corev1.ResourceEphemeralStorage || strings.HasPrefix(string(name), corev1.ResourceHugePagesPrefix)
	if !isBytes {
		return q.String()
	}
	bytes := q.AsApproximateFloat64()
	for _, unit := range []struct {
		suffix string
		size   float64
	}{{"Ti", 1 << 40}, {"Gi", 1 << 30}, {"Mi", 1 << 20}} {
		if bytes >= unit.size {
			text := strconv.FormatFloat(bytes/unit.size, 'f', 1, 64)
			return strings.TrimSuffix(text, ".0") + unit.suffix
		}
	}
	return q.String()
}

// podRequests sums what the scheduler reserves for a pod: the larger of
// the app containers' sum (sidecars included) and any single init container.
func podRequests(pod *corev1.Pod) map[string]string {
	total := corev1.ResourceList{}
	add := func(list corev1.ResourceList) {
		for name, q := range list {
			sum := total[name]
			sum.Add(q)
			total[name] = sum
		}
	}
	for _, c := range pod.Spec.Containers {
		add(c.Resources.Requests)
	}
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			add(c.Resources.Requests)
		}
	}
	for _, c := range pod.Spec.InitContainers {
		for name, q := range c.Resources.Requests {
			if cur, ok := total[name]; !ok || q.Cmp(cur) > 0 {
				total[name] = q
			}
		}
	}
	out := map[string]string{}
	for name, q := range total {
		out[string(name)] = q.String()
	}
	return out
}
