package diagnose

import "github.com/poddoctor/poddoctor/pkg/diagnose/classify"

// SchemaVersion names the shape of the facts documents. Policies may check
// it; it changes only when a field is removed or changes meaning (adding a
// field keeps it). docs/facts.md documents this version, and a test fails
// when the document and these types drift apart.
const SchemaVersion = "poddoctor.io/facts/v1"

// Kinds of facts documents.
const (
	KindPod      = "Pod"
	KindWorkload = "Workload"
)

// Facts is one document a diagnosis policy receives as input: everything Go
// has read and classified about one pod, or about one workload whose pods
// never appeared or keep failing. Exactly one of Pod and Workload is set,
// as Kind says.
type Facts struct {
	SchemaVersion string         `json:"schemaVersion"`
	Kind          string         `json:"kind"`
	Pod           *PodFacts      `json:"pod,omitempty"`
	Workload      *WorkloadFacts `json:"workload,omitempty"`
}

// Ref names an object.
type Ref struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name"`
	UID        string `json:"uid,omitempty"`
}

// PodFacts is what is known about one pod that needs a look.
type PodFacts struct {
	Object Ref `json:"object"`
	// Owner is the top controller (Deployment over ReplicaSet, CronJob over
	// Job), OwnerChain every controller from the pod's own upward.
	Owner      *Ref  `json:"owner,omitempty"`
	OwnerChain []Ref `json:"ownerChain"`

	Phase         string `json:"phase"`
	Reason        string `json:"reason,omitempty"`  // status.reason: Evicted, DeadlineExceeded, Preempting, NodeLost...
	Message       string `json:"message,omitempty"` // status.message
	NodeName      string `json:"nodeName,omitempty"`
	RestartPolicy string `json:"restartPolicy"`
	// AgeSeconds is the time since the pod was created; -1 when unknown.
	AgeSeconds int64 `json:"ageSeconds"`
	// ActiveDeadlineSeconds is spec.activeDeadlineSeconds, 0 when unset.
	ActiveDeadlineSeconds int64 `json:"activeDeadlineSeconds,omitempty"`

	// Conditions by type: PodScheduled, Initialized, ContainersReady, Ready,
	// DisruptionTarget, PodReadyToStartContainers...
	Conditions map[string]Condition `json:"conditions"`
	// SchedulingGates are spec.schedulingGates names still blocking scheduling.
	SchedulingGates []string `json:"schedulingGates"`
	// Deletion is set when the pod has a deletionTimestamp.
	Deletion *Deletion `json:"deletion,omitempty"`

	Node       *NodeFacts       `json:"node,omitempty"`
	Containers []ContainerFacts `json:"containers"`
	// Events are every event of the pod, newest first, aggregated as
	// kubectl describe shows them.
	Events []Event `json:"events"`
	// EventsOmitted counts the distinct events older than the newest 50,
	// which Events leaves out.
	EventsOmitted int `json:"eventsOmitted,omitempty"`
	// Scheduling is the scheduler's latest verdict, from the newest
	// FailedScheduling event or the PodScheduled=False condition.
	Scheduling *classify.SchedulingFailure `json:"scheduling,omitempty"`
	// Mounts are the volume failures of FailedMount and FailedAttachVolume
	// events, newest first.
	Mounts []MountFailure `json:"mounts"`
	// Sandbox is the newest FailedCreatePodSandBox failure.
	Sandbox *classify.SandboxFailure `json:"sandbox,omitempty"`
	// Eviction explains status.message of an evicted pod, of one the kubelet
	// rejected at admission, or of one a node shutdown stopped.
	Eviction *classify.EvictionInfo `json:"eviction,omitempty"`
	// PulledImages are images this pod pulled successfully (Pulled events),
	// the best evidence of what a misspelled image was meant to be.
	PulledImages []string `json:"pulledImages"`
	// Cluster summarizes the nodes of the snapshot, for comparing what a
	// pending pod asks with what any node could give.
	Cluster ClusterFacts `json:"cluster"`
	// Requests sums the requests of the pod's containers per resource
	// (the larger of the init containers' and the app containers' sum, as
	// the scheduler counts), as quantities.
	Requests map[string]string `json:"requests"`
	// Volumes lists the pod's volumes by name with their source kind and
	// object: {"name": "config", "kind": "configMap", "object": "app-config"}.
	Volumes []Volume `json:"volumes"`
	// Claims describe the PersistentVolumeClaims the volumes name, as far
	// as the input has them.
	Claims []ClaimFacts `json:"claims"`
}

// ClusterFacts summarizes the nodes of the snapshot.
type ClusterFacts struct {
	// Nodes counts the nodes in the snapshot; 0 when none were captured.
	Nodes int `json:"nodes"`
	// LargestAllocatable is, per resource, the most any single node can
	// allocate to pods: "cpu": "4", "memory": "15Gi".
	LargestAllocatable map[string]string `json:"largestAllocatable"`
}

// Condition is one pod, node or workload condition.
type Condition struct {
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// AgeSeconds is the time since the last transition; -1 when unknown.
	AgeSeconds int64 `json:"ageSeconds"`
}

// Deletion describes a pod being deleted.
type Deletion struct {
	// OverdueSeconds is how long the deletion has run past its grace
	// period; negative while still within it.
	OverdueSeconds     int64    `json:"overdueSeconds"`
	GracePeriodSeconds int64    `json:"gracePeriodSeconds"`
	Finalizers         []string `json:"finalizers"`
}

// NodeFacts is what is known of the pod's node; absent when the node is
// not in the input.
type NodeFacts struct {
	Name string `json:"name"`
	// Ready is the Ready condition's status: True, False or Unknown.
	Ready         string            `json:"ready"`
	ReadyReason   string            `json:"readyReason,omitempty"`
	ReadyMessage  string            `json:"readyMessage,omitempty"`
	Pressure      []string          `json:"pressure"` // MemoryPressure, DiskPressure, PIDPressure that are True
	Unschedulable bool              `json:"unschedulable,omitempty"`
	Taints        []string          `json:"taints"`      // key=value:Effect
	Allocatable   map[string]string `json:"allocatable"` // cpu, memory, pods, ... as quantities
}

// ContainerFacts is what is known about one container of the pod.
type ContainerFacts struct {
	Name string `json:"name"`
	// Type is "init", "sidecar" (init with restartPolicy Always), "regular"
	// or "ephemeral".
	Type  string `json:"type"`
	Image string `json:"image"`
	// Path is the container's field path in the pod: spec.containers[1].
	Path         string                   `json:"path"`
	State        State                    `json:"state"`
	LastState    *State                   `json:"lastState,omitempty"`
	RestartCount int32                    `json:"restartCount"`
	Ready        bool                     `json:"ready"`
	Started      bool                     `json:"started"`
	Resources    Resources                `json:"resources"`
	Probes       []Probe                  `json:"probes"`
	ConfigRefs   []EnvRef                 `json:"configRefs"` // ConfigMaps and Secrets the environment reads
	Events       []Event                  `json:"events"`     // the subset of the pod's events about this container
	PullFailure  *classify.PullFailure    `json:"pullFailure,omitempty"`
	Error        *classify.ContainerError `json:"error,omitempty"`
	// ProbeFailures are the Unhealthy events of this container, newest first.
	ProbeFailures []ProbeFailure `json:"probeFailures"`
	// LogTail holds the last lines of the previous instance's log when the
	// container restarted, else of the current one; empty when not captured.
	LogTail     []string `json:"logTail"`
	LogPrevious bool     `json:"logPrevious,omitempty"`
	// LogsCommand is the kubectl command that shows this container's log.
	LogsCommand string `json:"logsCommand"`
	// Ports are the ports the container declares; CommandPorts the ports
	// its command and args name (-p 8080, --port=8080, --listen :8080).
	// Containers of a pod share one network namespace: these are how one
	// container's crash is read against its siblings.
	Ports        []Port `json:"ports"`
	CommandPorts []int  `json:"commandPorts"`
	// Mounts are the container's volume mounts.
	Mounts []Mount `json:"mounts"`
	// LogCause is what the crashed instance's log says ended it, or its
	// termination message when no log was captured; absent when the
	// container has not crashed or nothing in the text is recognised.
	LogCause *classify.LogCause `json:"logCause,omitempty"`
}

// State is a container state, flattened.
type State struct {
	// Name is "waiting", "running", "terminated" or "unknown".
	Name    string `json:"name"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
	// Exit explains the exit code of a terminated state.
	Exit *classify.ExitCode `json:"exit,omitempty"`
	// SinceSeconds is the time since the state began (started or finished);
	// -1 when unknown.
	SinceSeconds int64 `json:"sinceSeconds"`
	// RanSeconds is how long a terminated container ran, from its start to
	// its end; -1 when unknown or not terminated.
	RanSeconds int64 `json:"ranSeconds,omitempty"`
}

// Resources are the container's requests and limits as quantities.
type Resources struct {
	Requests map[string]string `json:"requests"`
	Limits   map[string]string `json:"limits"`
}

// Probe is one configured probe.
type Probe struct {
	Kind             string `json:"kind"`    // liveness, readiness, startup
	Handler          string `json:"handler"` // http, tcp, exec, grpc
	Target           string `json:"target"`  // "GET :8080/healthz", "tcp :5432", "exec cat /tmp/healthy"
	PeriodSeconds    int32  `json:"periodSeconds"`
	FailureThreshold int32  `json:"failureThreshold"`
	TimeoutSeconds   int32  `json:"timeoutSeconds"`
	InitialDelay     int32  `json:"initialDelaySeconds"`
}

// ProbeFailure is an Unhealthy event, classified.
type ProbeFailure struct {
	classify.ProbeFailure
	Event Event `json:"event"`
}

// MountFailure is a FailedMount or FailedAttachVolume event, classified.
type MountFailure struct {
	classify.MountFailure
	Event Event `json:"event"`
}

// EnvRef is a ConfigMap or Secret the container's environment reads.
type EnvRef struct {
	Kind     string `json:"kind"` // ConfigMap or Secret
	Name     string `json:"name"`
	Key      string `json:"key,omitempty"`
	Optional bool   `json:"optional,omitempty"`
}

// Volume is one pod volume and what backs it.
type Volume struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`             // configMap, secret, persistentVolumeClaim, emptyDir, hostPath, projected, ...
	Object string `json:"object,omitempty"` // the ConfigMap, Secret or claim name
}

// Event is one event as kubectl describe shows it.
type Event struct {
	Type    string `json:"type"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
	Count   int32  `json:"count"`
	// FirstSeenSeconds and LastSeenSeconds are ages; -1 when unknown.
	FirstSeenSeconds int64  `json:"firstSeenSeconds"`
	LastSeenSeconds  int64  `json:"lastSeenSeconds"`
	Source           string `json:"source"`
	FieldPath        string `json:"fieldPath,omitempty"`
	// Container is the container named by FieldPath, "" for the pod.
	Container string `json:"container,omitempty"`
	// Family is the classifier that claims the event: image-pull,
	// container, crash, scheduling, volume, probe, sandbox, lifecycle,
	// create, pulled or other.
	Family string `json:"family"`
	// Age is "4m58s (x4 over 10m)", Text the whole line as evidence.
	Age  string `json:"age"`
	Text string `json:"text"`
}

// WorkloadFacts is what is known about a workload whose pods never appear
// or whose rollout or run failed: a ReplicaSet, StatefulSet, DaemonSet or
// Job with FailedCreate events, a Deployment past its progress deadline,
// a Job past its backoff limit.
type WorkloadFacts struct {
	Object     Ref                  `json:"object"`
	Owner      *Ref                 `json:"owner,omitempty"`
	Desired    int32                `json:"desired"`
	Current    int32                `json:"current"`
	Ready      int32                `json:"ready"`
	Conditions map[string]Condition `json:"conditions"`
	Events     []Event              `json:"events"`
	// EventsOmitted counts the distinct events older than the newest 50.
	EventsOmitted int `json:"eventsOmitted,omitempty"`
	// CreateFailure is the newest FailedCreate event, classified.
	CreateFailure *CreateFailure `json:"createFailure,omitempty"`
	// Rollout is set for Deployments.
	Rollout *Rollout `json:"rollout,omitempty"`
	// Job is set for Jobs.
	Job *JobFacts `json:"job,omitempty"`
}

// CreateFailure is a FailedCreate event, classified.
type CreateFailure struct {
	classify.CreateFailure
	Event Event `json:"event"`
}

// Rollout describes a Deployment's newest ReplicaSet and its pods.
type Rollout struct {
	NewReplicaSet string `json:"newReplicaSet,omitempty"`
	// NewReady and NewDesired are the new ReplicaSet's ready and desired
	// replicas: the progress of the rollout itself, which the Deployment's
	// own ready count (old ReplicaSets included) hides.
	NewReady   int32 `json:"newReady"`
	NewDesired int32 `json:"newDesired"`
	// FailingPods counts the new ReplicaSet's pods that are not ready, and
	// PodProblems lists their waiting or termination reasons with counts:
	// {"reason": "ImagePullBackOff", "pods": 3}.
	FailingPods int32        `json:"failingPods"`
	PodProblems []PodProblem `json:"podProblems"`
}

// PodProblem counts pods stuck for one reason.
type PodProblem struct {
	Reason string `json:"reason"`
	Pods   int32  `json:"pods"`
	// Example is one such pod's name, to start `kubectl describe` from.
	Example string `json:"example"`
}

// JobFacts describes a Job's progress.
type JobFacts struct {
	BackoffLimit int32 `json:"backoffLimit"`
	Failed       int32 `json:"failed"`
	Succeeded    int32 `json:"succeeded"`
	Active       int32 `json:"active"`
	// LastFailure describes the newest failed pod of the Job, when present.
	LastFailure *JobPodFailure `json:"lastFailure,omitempty"`
}

// JobPodFailure is how the newest failed pod of a Job ended.
type JobPodFailure struct {
	Pod       string             `json:"pod"`
	Container string             `json:"container,omitempty"`
	Reason    string             `json:"reason,omitempty"`
	Exit      *classify.ExitCode `json:"exit,omitempty"`
	LogTail   []string           `json:"logTail"`
}
