package classify

import (
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Kinds of eviction or rejection, the values of EvictionInfo.Kind.
const (
	EvictNodePressure   = "node-pressure"
	EvictNodeCondition  = "node-condition"
	EvictContainerLimit = "container-limit"
	EvictPodLimit       = "pod-limit"
	EvictEmptyDirLimit  = "emptydir-limit"
	EvictRejected       = "rejected"
	EvictPreempted      = "preempted"
	EvictNodeShutdown   = "node-shutdown"
	EvictTaint          = "taint"
	EvictAPI            = "api"
	EvictOther          = "other"
)

// EvictionKinds lists every value EvictionInfo.Kind can take.
var EvictionKinds = []string{
	EvictNodePressure, EvictNodeCondition, EvictContainerLimit, EvictPodLimit, EvictEmptyDirLimit,
	EvictRejected, EvictPreempted, EvictNodeShutdown, EvictTaint, EvictAPI, EvictOther,
}

// EvictionInfo is what an eviction, a kubelet admission rejection or a
// DisruptionTarget condition says about why the pod had to go.
type EvictionInfo struct {
	// Kind is one of EvictionKinds.
	Kind string `json:"kind"`
	// Resource is the resource that ran out: memory, ephemeral-storage,
	// inodes, pids (node pressure), or cpu, pods, nvidia.com/gpu (admission);
	// empty when the message names none.
	Resource string `json:"resource"`
	// Condition is the node condition named, e.g. DiskPressure.
	Condition string `json:"condition,omitempty"`
	// Threshold and Available are the eviction threshold and what was left
	// (kubelet 1.2x+ "Threshold quantity: 100Mi, available: 50Mi").
	Threshold string `json:"threshold,omitempty"`
	Available string `json:"available,omitempty"`
	// Requested, Used and Capacity are the figures of a kubelet admission
	// rejection for lack of a resource ("Node didn't have enough resource:
	// cpu, requested: 150, used: 11388, capacity: 11500"), as quantities:
	// the kubelet writes cpu in millicores and memory in bytes.
	Requested string `json:"requested,omitempty"`
	Used      string `json:"used,omitempty"`
	Capacity  string `json:"capacity,omitempty"`
	// Limit is the ephemeral-storage or emptyDir limit that was exceeded.
	Limit string `json:"limit,omitempty"`
	// Volume is the emptyDir volume over its sizeLimit.
	Volume string `json:"volume,omitempty"`
	// Containers are the containers (or the pod) the kubelet names as the
	// biggest consumers, in the order written.
	Containers []ContainerUsage `json:"containers,omitempty"`
	// Detail is the message, "Pod was rejected: " removed.
	Detail string `json:"detail"`
}

// ContainerUsage is one consumer named in an eviction message.
type ContainerUsage struct {
	// Name is the container's (or the pod's) name.
	Name string `json:"name"`
	// Usage and Request are the quantities as the kubelet wrote them.
	Usage   string `json:"usage,omitempty"`
	Request string `json:"request,omitempty"`
	// Pod is set when the consumer is the pod as a whole (pod-level
	// resources, kubelet 1.32+).
	Pod bool `json:"pod,omitempty"`
}

var (
	lowOnResourceRE = lazyregexp.New(`The node was low on resource: (\[[^\]]*\]|[^\s.]+(?:\.[^\s.]+)*?)\.(?:\s|$)`)
	nodeConditionRE = lazyregexp.New(`The node had condition: \[([^\]]*)\]`)
	thresholdRE     = lazyregexp.New(`Threshold quantity: ([^,\s]+), available: ([^\s]+?)\.(?:\s|$)`)
	// containerUsageRE: kubelet 1.2x+ "Container %s was using %s, request is
	// %s, has larger consumption of %v." and "Pod %s was using ...".
	containerUsageRE = lazyregexp.New(`(Container|Pod) (\S+) was using ([^,\s]+), request is ([^,\s]+), has larger consumption of`)
	// containerUsageOldRE: kubelet 1.9-1.1x "Container %s was using %s,
	// which exceeds its request of %s."
	containerUsageOldRE  = lazyregexp.New(`Container (\S+) was using ([^,\s]+), which exceeds its request of ([^\s]+?)\.(?:\s|$)`)
	containerEphemeralRE = lazyregexp.New(`Container (\S+) exceeded its local ephemeral storage limit (` + quotedRE + `)`)
	podEphemeralRE       = lazyregexp.New(`Pod ephemeral local storage usage exceeds the total limit of containers ([^\s]+?)\.?(?:\s|$)`)
	emptyDirRE           = lazyregexp.New(`Usage of EmptyDir volume (` + quotedRE + `) exceeds the limit (` + quotedRE + `)`)
	notEnoughResourceRE  = lazyregexp.New(`Node didn't have enough resource: ([^,\s]+)`)
	deviceResourceRE     = lazyregexp.New(`(?:devices|for) ([a-z0-9][a-z0-9.-]*/[A-Za-z0-9._-]+)`)
)

// conditionResources maps a node condition to the resource it is about.
var conditionResources = map[string]string{
	"MemoryPressure": "memory", "DiskPressure": "ephemeral-storage", "PIDPressure": "pids",
}

// ClassifyEvictionMessage explains an Evicted event or status message, a
// kubelet admission rejection ("Pod was rejected: ..."), a preemption, a
// node shutdown or a DisruptionTarget condition message.
func ClassifyEvictionMessage(message string) EvictionInfo {
	msg := flatten(normalize(message))
	e := EvictionInfo{Kind: EvictOther}
	rejected, inner := false, msg
	switch {
	case strings.HasPrefix(msg, "Pod was rejected: "):
		rejected, inner = true, strings.TrimPrefix(msg, "Pod was rejected: ")
	case strings.HasPrefix(msg, "Pod Predicate "): // kubelet before 1.2x: "Pod Predicate %s failed"
		rejected, inner = true, strings.TrimPrefix(msg, "Pod ")
	}
	e.Detail = detailOr(inner, message)

	if m := lowOnResourceRE.FindStringSubmatch(inner); m != nil {
		e.Kind = EvictNodePressure
		e.Resource = m[1]
		if strings.HasPrefix(e.Resource, "[") { // kubelet 1.7-1.8: the condition in brackets
			e.Condition = strings.Trim(e.Resource, "[]")
			e.Resource = conditionResources[e.Condition]
		}
		switch e.Resource { // kubelet 1.7-1.8 named the filesystem signal
		case "nodefs", "imagefs":
			e.Resource = "ephemeral-storage"
		}
	}
	if m := nodeConditionRE.FindStringSubmatch(inner); m != nil {
		if e.Kind == EvictOther {
			e.Kind = EvictNodeCondition
		}
		e.Condition = m[1]
		if fields := strings.Fields(m[1]); e.Resource == "" && len(fields) > 0 {
			e.Resource = conditionResources[fields[0]]
		}
	}
	if m := thresholdRE.FindStringSubmatch(inner); m != nil {
		e.Threshold, e.Available = m[1], m[2]
	}
	for _, m := range containerUsageRE.FindAllStringSubmatch(inner, -1) {
		e.Containers = append(e.Containers, ContainerUsage{Name: m[2], Usage: m[3], Request: m[4], Pod: m[1] == "Pod"})
	}
	for _, m := range containerUsageOldRE.FindAllStringSubmatch(inner, -1) {
		e.Containers = append(e.Containers, ContainerUsage{Name: m[1], Usage: m[2], Request: m[3]})
	}
	if m := containerEphemeralRE.FindStringSubmatch(inner); m != nil {
		e.Kind, e.Resource, e.Limit = EvictContainerLimit, "ephemeral-storage", unquote(m[2])
		e.Containers = append(e.Containers, ContainerUsage{Name: m[1]})
	}
	if m := podEphemeralRE.FindStringSubmatch(inner); m != nil {
		e.Kind, e.Resource, e.Limit = EvictPodLimit, "ephemeral-storage", m[1]
	}
	if m := emptyDirRE.FindStringSubmatch(inner); m != nil {
		e.Kind, e.Resource, e.Volume, e.Limit = EvictEmptyDirLimit, "ephemeral-storage", unquote(m[1]), unquote(m[2])
	}

	switch {
	case rejected:
		e.Kind = EvictRejected
		if m := notEnoughResourceRE.FindStringSubmatch(inner); m != nil {
			e.Resource = m[1]
			e.Requested, e.Used, e.Capacity = admissionFigures(inner, m[1])
		} else if m := deviceResourceRE.FindStringSubmatch(inner); m != nil && strings.Contains(inner, "Allocate failed") {
			e.Resource = strings.TrimRight(m[1], ".")
		}
	case e.Kind != EvictOther:
	case strings.HasPrefix(msg, "Preempted"):
		// kubelet critical-pod admission ("Preempted in order to admit
		// critical pod") and kube-scheduler ("Preempted by pod <uid> on node <node>").
		e.Kind = EvictPreempted
	case containsAny(msg, "imminent node shutdown", "Node is shutting"):
		e.Kind = EvictNodeShutdown
	case containsAny(msg, "Taint manager: deleting due to NoExecute taint"):
		e.Kind = EvictTaint
	case strings.HasPrefix(msg, "Eviction API: evicting"):
		e.Kind = EvictAPI
	}
	return e
}

// Causes of a controller failing to create a pod, the values of
// CreateFailure.Cause.
const (
	CreateQuota          = "quota"
	CreatePodSecurity    = "pod-security"
	CreateWebhook        = "webhook"
	CreateServiceAccount = "service-account"
	CreateLimitRange     = "limit-range"
	CreateInvalid        = "invalid"
	CreateOther          = "other"
)

// CreateCauses lists every value CreateFailure.Cause can take.
var CreateCauses = []string{
	CreateQuota, CreatePodSecurity, CreateWebhook, CreateServiceAccount, CreateLimitRange, CreateInvalid, CreateOther,
}

// CreateFailure is what a FailedCreate event of a ReplicaSet, Job,
// StatefulSet or DaemonSet says about the API server refusing a pod (or a
// StatefulSet's claim).
type CreateFailure struct {
	// Cause is one of CreateCauses.
	Cause string `json:"cause"`
	// Object is the quota, the webhook, the ServiceAccount, or the Pod
	// Security level ("restricted:latest") that refused.
	Object string `json:"object,omitempty"`
	// Requested, Used and Limited are the quota's own figures.
	Requested string `json:"requested,omitempty"`
	Used      string `json:"used,omitempty"`
	Limited   string `json:"limited,omitempty"`
	// Unreachable is set when the webhook could not be called at all (with
	// failurePolicy Fail), as opposed to denying the request.
	Unreachable bool `json:"unreachable,omitempty"`
	// Detail is the API server's reason, wrappers removed.
	Detail string `json:"detail"`
}

var (
	createLayers = []*lazyregexp.Regexp{
		prefixRE(`Error creating(?: job)?: `),
		prefixRE(`(?:jobs\.batch|jobs) ` + quotedRE + ` is forbidden: `),
		prefixRE(`create (?:Pod|Claim) \S+ (?:for Pod \S+ )?in StatefulSet \S+ failed error: `),
		prefixRE(`(?:pods|persistentvolumeclaims|Pod|PersistentVolumeClaim) ` + quotedRE + ` is forbidden: `),
		prefixRE(`admission webhook "pod-security-webhook\.kubernetes\.io" denied the request: `),
		prefixRE(`(?:pods|persistentvolumeclaims) ` + quotedRE + ` is forbidden: `),
	}
	quotaRE            = lazyregexp.New(`exceeded quota: ([^,\s]+)(?:, requested: (\S+), used: (\S+), limited: (\S+))?`)
	failedQuotaRE      = lazyregexp.New(`failed quota: ([^:\s]+): must specify`)
	podSecurityRE      = lazyregexp.New(`violates PodSecurity (` + quotedRE + `)`)
	webhookDeniedRE    = lazyregexp.New(`admission webhook (` + quotedRE + `) denied the request`)
	webhookCallRE      = lazyregexp.New(`failed calling webhook (` + quotedRE + `)`)
	serviceAccountRE   = lazyregexp.New(`error looking up service account [^/\s]+/([^:\s]+)`)
	limitRangeRE       = lazyregexp.New(`(?:maximum|minimum) \S+ usage per (?:Container|Pod|PersistentVolumeClaim) is|max limit to request ratio per`)
	invalidObjectRE    = lazyregexp.New(`(?:Pod|pods|PersistentVolumeClaim) ` + quotedRE + ` is invalid`)
	webhookDeniedLayer = prefixRE(`admission webhook ` + quotedRE + ` denied the request:\s*`)
)

// ClassifyFailedCreate classifies the message of a FailedCreate event.
func ClassifyFailedCreate(message string) CreateFailure {
	msg := flatten(normalize(message))
	f := CreateFailure{Cause: CreateOther}
	inner := peel(msg, createLayers)
	f.Detail = detailOr(inner, message)
	if strings.TrimSpace(inner) == "" || strings.TrimSpace(strings.TrimSuffix(msg, ":")) == "Error creating" {
		// "Error creating: " and nothing more: the API server refused with an
		// empty status message, which only an admission webhook that denies
		// without a reason produces.
		f.Cause, f.Detail = CreateWebhook, "an admission webhook refused the pod without a message"
		return f
	}

	switch {
	case podSecurityRE.MatchString(msg):
		f.Cause = CreatePodSecurity
		f.Object, _ = submatch(podSecurityRE, msg)
		f.Detail = detailOr(strings.TrimSpace(msg[podSecurityRE.FindStringIndex(msg)[0]:]), message)
	case containsAny(msg, "PodSecurityPolicy: unable to admit pod", "unable to validate against any pod security policy",
		"unable to validate against any security context constraint"):
		f.Cause = CreatePodSecurity
	case quotaRE.MatchString(msg):
		m := quotaRE.FindStringSubmatch(msg)
		f.Cause, f.Object, f.Requested, f.Used, f.Limited = CreateQuota, m[1], m[2], m[3], m[4]
	case failedQuotaRE.MatchString(msg):
		f.Cause = CreateQuota
		f.Object = failedQuotaRE.FindStringSubmatch(msg)[1]
	case strings.Contains(msg, "insufficient quota to match these scopes"):
		f.Cause = CreateQuota
	case webhookDeniedRE.MatchString(msg):
		f.Cause = CreateWebhook
		f.Object, _ = submatch(webhookDeniedRE, msg)
		f.Detail = detailOr(webhookDeniedLayer.ReplaceAllString(inner, ""), message)
	case webhookCallRE.MatchString(msg):
		f.Cause, f.Unreachable = CreateWebhook, true
		f.Object, _ = submatch(webhookCallRE, msg)
	case serviceAccountRE.MatchString(msg):
		f.Cause = CreateServiceAccount
		f.Object = serviceAccountRE.FindStringSubmatch(msg)[1]
	case limitRangeRE.MatchString(msg):
		f.Cause = CreateLimitRange
	case invalidObjectRE.MatchString(msg):
		f.Cause = CreateInvalid
	}
	return f
}

// Causes of a pod sandbox that cannot be created, the values of
// SandboxFailure.Cause.
const (
	SandboxCNI          = "cni"
	SandboxRuntime      = "runtime"
	SandboxSandboxImage = "sandbox-image"
	SandboxOther        = "other"
)

// SandboxCauses lists every value SandboxFailure.Cause can take.
var SandboxCauses = []string{SandboxCNI, SandboxRuntime, SandboxSandboxImage, SandboxOther}

// SandboxFailure is what a FailedCreatePodSandBox event says.
type SandboxFailure struct {
	// Cause is one of SandboxCauses.
	Cause string `json:"cause"`
	// Plugin is the CNI plugin type named ("calico", "aws-cni", "multus-shim").
	Plugin string `json:"plugin,omitempty"`
	// Image is the sandbox (pause) image that could not be pulled.
	Image string `json:"image,omitempty"`
	// Detail is the innermost text of the runtime or the plugin.
	Detail string `json:"detail"`
}

var (
	sandboxLayers = []*lazyregexp.Regexp{
		prefixRE(`Failed (?:to )?create pod sandbox: `),
		rpcLayer,
		prefixRE(`failed to setup network for sandbox ` + quotedRE + `: `),
		prefixRE(`failed to set up sandbox container ` + quotedRE + ` network for pod ` + quotedRE + `: `),
		prefixRE(`[Nn]etworkPlugin cni failed to set up pod ` + quotedRE + ` network: `),
		prefixRE(`plugin type="[^"]*"(?: name="[^"]*")? failed \(add\): `),
		prefixRE(`failed to create pod network sandbox \S+: `),
		prefixRE(`error adding pod \S+ to CNI network ` + quotedRE + `: `),
		prefixRE(`failed to get network status for pod sandbox \S+: `),
		prefixRE(`failed to start sandbox (?:container (?:for pod )?)?` + quotedRE + `: `),
		prefixRE(`failed to get sandbox image ` + quotedRE + `: `),
		prefixRE(`failed to get sandbox runtime: `),
	}
	cniPluginRE     = lazyregexp.New(`plugin type="([^"]+)"`)
	sandboxImageRE  = lazyregexp.New(`failed to get sandbox image (` + quotedRE + `)`)
	sandboxCleanupR = lazyregexp.New(`, failed to clean up sandbox container .*$`)
)

// ClassifySandboxMessage classifies the message of a FailedCreatePodSandBox
// event (and of the kubelet's CreatePodSandbox errors).
func ClassifySandboxMessage(message string) SandboxFailure {
	msg := flatten(normalize(message))
	s := SandboxFailure{Cause: SandboxOther}
	s.Plugin, _ = submatch(cniPluginRE, msg)

	inner := peel(msg, sandboxLayers)
	if strings.HasPrefix(inner, "[") && strings.HasSuffix(inner, "]") {
		// dockershim joined the setup and the cleanup errors in brackets.
		inner = sandboxCleanupR.ReplaceAllString(strings.TrimSuffix(strings.TrimPrefix(inner, "["), "]"), "")
		inner = peel(inner, sandboxLayers)
	}
	lower := strings.ToLower(msg)

	switch {
	case sandboxImageRE.MatchString(msg):
		s.Cause = SandboxSandboxImage
		s.Image, _ = submatch(sandboxImageRE, msg)
		inner = ClassifyPullMessage("", inner).Detail
	case s.Plugin != "" || containsAny(lower, "networkplugin cni", "cni network", "cni config uninitialized",
		"cni plugin not initialized", "network plugin is not ready", "failed to setup network for sandbox",
		"failed to set up sandbox container", "pod network sandbox", "network for pod", "cni"):
		s.Cause = SandboxCNI
	case containsAny(lower, "oci runtime", "runc", "crun", "failed to create containerd task", "failed to create shim",
		"container create failed", "no runtime for", "runtimehandler", "runtime handler", "failed to start sandbox",
		"failed to get sandbox runtime"):
		s.Cause = SandboxRuntime
		inner = peelContainer(inner)
	}
	s.Detail = detailOr(inner, message)
	return s
}
