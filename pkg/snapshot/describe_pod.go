package snapshot

import (
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// describedPod builds the Pod of one `kubectl describe pod` section.
func (r *describeReader) describedPod(root *describeNode) *corev1.Pod {
	pod := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}}
	r.meta(&pod.ObjectMeta, root, "Pod")
	if node := root.get("Node"); node != "" {
		name, ip, _ := strings.Cut(node, "/")
		pod.Spec.NodeName = name
		pod.Status.HostIP = ip
	}
	if t := parseDescribeTime(root.get("Start Time")); !t.IsZero() {
		pod.Status.StartTime = &metav1.Time{Time: t}
		r.see(t)
	}
	status := root.get("Status")
	switch {
	case strings.HasPrefix(status, "Terminating"):
		// "Terminating (lasts 2m35s)": the age of the deletionTimestamp.
		at := r.now
		if m := lastsRE.FindStringSubmatch(status); m != nil {
			if d, ok := parseHumanDuration(m[1]); ok {
				at = r.now.Add(-d)
			}
		}
		pod.DeletionTimestamp = &metav1.Time{Time: at}
		if g := strings.TrimSuffix(root.get("Termination Grace Period"), "s"); g != "" {
			if n, err := strconv.ParseInt(g, 10, 64); err == nil {
				pod.DeletionGracePeriodSeconds = &n
			}
		}
	default:
		pod.Status.Phase = corev1.PodPhase(status)
	}
	pod.Status.Reason = root.get("Reason")
	pod.Status.Message = strings.TrimSpace(strings.Join(append([]string{root.get("Message")}, linesOf(root.child("Message"))...), " "))
	pod.Status.PodIP = root.get("IP")
	pod.Status.QOSClass = corev1.PodQOSClass(root.get("QoS Class"))
	pod.Status.NominatedNodeName = root.get("NominatedNodeName")
	if p := root.get("Priority"); p != "" {
		if n, err := strconv.ParseInt(p, 10, 32); err == nil {
			n32 := int32(n)
			pod.Spec.Priority = &n32
		}
	}
	pod.Spec.PriorityClassName = root.get("Priority Class Name")
	pod.Spec.ServiceAccountName = root.get("Service Account")
	pod.Spec.RestartPolicy = corev1.RestartPolicyAlways
	if owner := pod.OwnerReferences; len(owner) > 0 && owner[0].Kind == "Job" {
		pod.Spec.RestartPolicy = corev1.RestartPolicyNever // describe does not print it; a Job's pods never restart in place
	}

	for _, section := range []struct {
		key      string
		specs    *[]corev1.Container
		statuses *[]corev1.ContainerStatus
	}{
		{"Init Containers", &pod.Spec.InitContainers, &pod.Status.InitContainerStatuses},
		{"Containers", &pod.Spec.Containers, &pod.Status.ContainerStatuses},
	} {
		n := root.child(section.key)
		if n == nil {
			continue
		}
		for _, c := range n.children {
			spec, st := r.describedContainer(c)
			*section.specs = append(*section.specs, spec)
			if st != nil {
				*section.statuses = append(*section.statuses, *st)
			}
		}
	}
	if n := root.child("Ephemeral Containers"); n != nil {
		for _, c := range n.children {
			spec, st := r.describedContainer(c)
			pod.Spec.EphemeralContainers = append(pod.Spec.EphemeralContainers, corev1.EphemeralContainer{EphemeralContainerCommon: corev1.EphemeralContainerCommon(spec)})
			if st != nil {
				pod.Status.EphemeralContainerStatuses = append(pod.Status.EphemeralContainerStatuses, *st)
			}
		}
	}
	for _, row := range describeTable(linesOf(root.child("Conditions"))) {
		if len(row) >= 2 && row[0] != "" {
			pod.Status.Conditions = append(pod.Status.Conditions, corev1.PodCondition{Type: corev1.PodConditionType(row[0]), Status: corev1.ConditionStatus(row[1])})
		}
	}
	if n := root.child("Volumes"); n != nil {
		for _, v := range n.children {
			pod.Spec.Volumes = append(pod.Spec.Volumes, describedVolume(v))
		}
	}
	for _, s := range root.items("Node-Selectors") {
		k, v, _ := strings.Cut(s, "=")
		if pod.Spec.NodeSelector == nil {
			pod.Spec.NodeSelector = map[string]string{}
		}
		pod.Spec.NodeSelector[k] = v
	}
	for _, s := range root.items("Tolerations") {
		pod.Spec.Tolerations = append(pod.Spec.Tolerations, describedToleration(s))
	}
	for _, g := range root.items("Scheduling Gates") {
		pod.Spec.SchedulingGates = append(pod.Spec.SchedulingGates, corev1.PodSchedulingGate{Name: g})
	}
	r.events(root, "v1", "Pod", &pod.ObjectMeta, func(e *describedEvent) string { return guessFieldPath(pod, e) })
	return pod
}

var lastsRE = lazyregexp.New(`\(lasts (\S+)\)`)

func linesOf(n *describeNode) []string {
	if n == nil {
		return nil
	}
	return n.lines
}

// describedContainer reads one container of a pod: its spec, and its
// status when describe printed a state.
func (r *describeReader) describedContainer(n *describeNode) (corev1.Container, *corev1.ContainerStatus) {
	c := corev1.Container{Name: n.key, Image: n.get("Image")}
	c.Command = n.items("Command")
	c.Args = n.items("Args")
	for _, key := range []string{"Port", "Ports"} {
		for _, p := range strings.Split(n.get(key), ",") {
			if port, ok := describedPort(p); ok {
				c.Ports = append(c.Ports, port)
			}
		}
	}
	c.Resources.Limits = describedResources(n.child("Limits"))
	c.Resources.Requests = describedResources(n.child("Requests"))
	c.LivenessProbe = describedProbe(n.get("Liveness"))
	c.ReadinessProbe = describedProbe(n.get("Readiness"))
	c.StartupProbe = describedProbe(n.get("Startup"))
	if env := n.child("Environment"); env != nil {
		for _, e := range env.children {
			c.Env = append(c.Env, describedEnv(e))
		}
	}
	for _, line := range n.items("Environment Variables from") {
		if from, ok := describedEnvFrom(line); ok {
			c.EnvFrom = append(c.EnvFrom, from)
		}
	}
	for _, line := range n.items("Mounts") {
		if m := mountRE.FindStringSubmatch(line); m != nil {
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{MountPath: m[1], Name: m[2], ReadOnly: strings.Contains(m[3], "ro")})
		}
	}
	if n.child("State") == nil {
		return c, nil
	}
	st := &corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: n.get("Image ID"), ContainerID: n.get("Container ID")}
	st.State = r.describedState(n.child("State"))
	if last := n.child("Last State"); last != nil {
		st.LastTerminationState = r.describedState(last)
	}
	st.Ready = n.get("Ready") == "True"
	if rc, err := strconv.ParseInt(n.get("Restart Count"), 10, 32); err == nil {
		st.RestartCount = int32(rc)
	}
	if s := n.get("Started"); s == "True" || s == "False" {
		started := s == "True"
		st.Started = &started
	}
	return c, st
}

// describedState reads "State:  Waiting" and the Reason, Message, Exit
// Code, Signal, Started and Finished lines under it. describe never prints
// a waiting state's message.
func (r *describeReader) describedState(n *describeNode) corev1.ContainerState {
	var s corev1.ContainerState
	switch n.value {
	case "Waiting":
		s.Waiting = &corev1.ContainerStateWaiting{Reason: n.get("Reason")}
	case "Running":
		t := parseDescribeTime(n.get("Started"))
		r.see(t)
		s.Running = &corev1.ContainerStateRunning{StartedAt: metav1.Time{Time: t}}
	case "Terminated":
		term := &corev1.ContainerStateTerminated{Reason: n.get("Reason")}
		term.Message = strings.TrimSpace(strings.Join(append([]string{n.get("Message")}, linesOf(n.child("Message"))...), "\n"))
		if code, err := strconv.ParseInt(n.get("Exit Code"), 10, 32); err == nil {
			term.ExitCode = int32(code)
		}
		if sig, err := strconv.ParseInt(n.get("Signal"), 10, 32); err == nil {
			term.Signal = int32(sig)
		}
		started, finished := parseDescribeTime(n.get("Started")), parseDescribeTime(n.get("Finished"))
		r.see(started)
		r.see(finished)
		term.StartedAt, term.FinishedAt = metav1.Time{Time: started}, metav1.Time{Time: finished}
		s.Terminated = term
	}
	return s
}

// describedPort reads "8080/TCP" (and "0/TCP" host ports are skipped).
func describedPort(s string) (corev1.ContainerPort, bool) {
	s = strings.TrimSpace(s)
	number, proto, _ := strings.Cut(s, "/")
	if i := strings.IndexByte(proto, ' '); i >= 0 {
		proto = proto[:i] // "8080/TCP (http)"
	}
	n, err := strconv.ParseInt(number, 10, 32)
	if err != nil || n <= 0 {
		return corev1.ContainerPort{}, false
	}
	return corev1.ContainerPort{ContainerPort: int32(n), Protocol: corev1.Protocol(proto)}, true
}

func describedResources(n *describeNode) corev1.ResourceList {
	if n == nil {
		return nil
	}
	list := corev1.ResourceList{}
	for _, c := range n.children {
		if q, err := resource.ParseQuantity(c.value); err == nil {
			list[corev1.ResourceName(c.key)] = q
		}
	}
	if len(list) == 0 {
		return nil
	}
	return list
}

var (
	// probeRE: describe's DescribeProbe, "http-get http://:8080/healthz
	// delay=0s timeout=1s period=10s #success=1 #failure=3".
	probeRE      = lazyregexp.New(`^(http-get|tcp-socket|exec|grpc) (.*?) delay=(\d+)s timeout=(\d+)s period=(\d+)s #success=(\d+) #failure=(\d+)`)
	probeURLRE   = lazyregexp.New(`^https?://[^:/]*:([^/\s]+)(/\S*)?`)
	mountRE      = lazyregexp.New(`^(\S+) from (\S+) \(([^)]*)\)`)
	envSecretRE  = lazyregexp.New(`^<set to the key '([^']*)' in secret '([^']*)'>\s*(?:Optional: (\w+))?`)
	envConfigRE  = lazyregexp.New(`^<set to the key '([^']*)' of config map '([^']*)'>\s*(?:Optional: (\w+))?`)
	envFromRE    = lazyregexp.New(`^(\S+)\s+(ConfigMap|Secret)(?:\s+with prefix '[^']*')?\s+Optional: (\w+)`)
	tolerationRE = lazyregexp.New(`^([^=:\s]*)(?:=([^:\s]*))?(?::(\w+))?(?: op=(\w+))?(?: for (\d+)s)?$`)
)

func describedProbe(s string) *corev1.Probe {
	m := probeRE.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	atoi := func(x string) int32 { n, _ := strconv.Atoi(x); return int32(n) }
	p := &corev1.Probe{InitialDelaySeconds: atoi(m[3]), TimeoutSeconds: atoi(m[4]), PeriodSeconds: atoi(m[5]), SuccessThreshold: atoi(m[6]), FailureThreshold: atoi(m[7])}
	target := strings.TrimSpace(m[2])
	switch m[1] {
	case "http-get":
		get := &corev1.HTTPGetAction{Path: "/"}
		if u := probeURLRE.FindStringSubmatch(target); u != nil {
			get.Port = intstr.Parse(u[1])
			if u[2] != "" {
				get.Path = u[2]
			}
		}
		p.HTTPGet = get
	case "tcp-socket":
		p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.Parse(strings.TrimPrefix(target, ":"))}
	case "exec":
		p.Exec = &corev1.ExecAction{Command: strings.Fields(strings.Trim(target, "[]"))}
	case "grpc":
		port, _ := strconv.Atoi(strings.Fields(target + " 0")[0])
		p.GRPC = &corev1.GRPCAction{Port: int32(port)}
	}
	return p
}

func describedEnv(n *describeNode) corev1.EnvVar {
	e := corev1.EnvVar{Name: n.key}
	optional := func(s string) *bool {
		if s == "" {
			return nil
		}
		b := s == "true"
		return &b
	}
	switch {
	case envSecretRE.MatchString(n.value):
		m := envSecretRE.FindStringSubmatch(n.value)
		e.ValueFrom = &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: m[2]}, Key: m[1], Optional: optional(m[3])}}
	case envConfigRE.MatchString(n.value):
		m := envConfigRE.FindStringSubmatch(n.value)
		e.ValueFrom = &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: m[2]}, Key: m[1], Optional: optional(m[3])}}
	default:
		e.Value = n.value
	}
	return e
}

func describedEnvFrom(line string) (corev1.EnvFromSource, bool) {
	m := envFromRE.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return corev1.EnvFromSource{}, false
	}
	optional := m[3] == "true"
	ref := corev1.LocalObjectReference{Name: m[1]}
	if m[2] == "Secret" {
		return corev1.EnvFromSource{SecretRef: &corev1.SecretEnvSource{LocalObjectReference: ref, Optional: &optional}}, true
	}
	return corev1.EnvFromSource{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: ref, Optional: &optional}}, true
}

// describedVolume reads one volume: its Type line names the source.
func describedVolume(n *describeNode) corev1.Volume {
	v := corev1.Volume{Name: n.key}
	typ, _, _ := strings.Cut(n.get("Type"), " ")
	optional := func() *bool {
		if o := n.get("Optional"); o != "" {
			b := o == "true"
			return &b
		}
		return nil
	}
	switch typ {
	case "ConfigMap":
		v.ConfigMap = &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: n.get("Name")}, Optional: optional()}
	case "Secret":
		v.Secret = &corev1.SecretVolumeSource{SecretName: n.get("SecretName"), Optional: optional()}
	case "PersistentVolumeClaim":
		v.PersistentVolumeClaim = &corev1.PersistentVolumeClaimVolumeSource{ClaimName: n.get("ClaimName"), ReadOnly: n.get("ReadOnly") == "true"}
	case "EmptyDir":
		v.EmptyDir = &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMedium(n.get("Medium"))}
		if q, err := resource.ParseQuantity(n.get("SizeLimit")); err == nil {
			v.EmptyDir.SizeLimit = &q
		}
	case "HostPath":
		v.HostPath = &corev1.HostPathVolumeSource{Path: n.get("Path")}
	case "Projected":
		v.Projected = &corev1.ProjectedVolumeSource{}
	case "DownwardAPI":
		v.DownwardAPI = &corev1.DownwardAPIVolumeSource{}
	case "CSI":
		v.CSI = &corev1.CSIVolumeSource{Driver: n.get("Driver")}
	case "EphemeralVolume":
		v.Ephemeral = &corev1.EphemeralVolumeSource{}
	}
	return v
}

// describedToleration reads "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s".
func describedToleration(s string) corev1.Toleration {
	m := tolerationRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return corev1.Toleration{Key: s}
	}
	t := corev1.Toleration{Key: m[1], Value: m[2], Effect: corev1.TaintEffect(m[3]), Operator: corev1.TolerationOperator(m[4])}
	if t.Operator == "" && t.Value != "" {
		t.Operator = corev1.TolerationOpEqual
	}
	if m[5] != "" {
		n, _ := strconv.ParseInt(m[5], 10, 64)
		t.TolerationSeconds = &n
	}
	return t
}

// containerMessageRE finds the container a kubelet event without a field
// path names: "Started container web", "Back-off restarting failed
// container web in pod ...", "Container web failed liveness probe".
var containerMessageRE = lazyregexp.New(`(?:[Cc]ontainer|container) ([a-z0-9][a-z0-9-]*)`)

// guessFieldPath attributes a kubelet event of an older kubectl (no
// "spec.containers{x}: " prefix) to a container: by the image it pulls, by
// the container it names, or to the only container. "" for pod events.
func guessFieldPath(pod *corev1.Pod, e *describedEvent) string {
	if e.FieldPath != "" {
		return e.FieldPath
	}
	switch e.Reason {
	case "Scheduled", "FailedScheduling", "FailedMount", "FailedAttachVolume", "SandboxChanged", "FailedCreatePodSandBox",
		"Evicted", "Preempted", "TaintManagerEviction", "NodeNotReady", "FailedKillPod", "SuccessfulAttachVolume":
		return ""
	}
	type container struct{ path, name, image string }
	var all []container
	for i, c := range pod.Spec.InitContainers {
		all = append(all, container{"spec.initContainers{" + c.Name + "}", c.Name, c.Image})
		_ = i
	}
	for _, c := range pod.Spec.Containers {
		all = append(all, container{"spec.containers{" + c.Name + "}", c.Name, c.Image})
	}
	for _, c := range all {
		if c.image != "" && strings.Contains(e.Message, `image "`+c.image+`"`) {
			return c.path
		}
	}
	if m := containerMessageRE.FindStringSubmatch(e.Message); m != nil {
		for _, c := range all {
			if c.name == m[1] {
				return c.path
			}
		}
	}
	if len(all) == 1 && strings.HasPrefix(e.From, "kubelet") {
		return all[0].path
	}
	return ""
}

var _ = time.Second
