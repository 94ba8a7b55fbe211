package classify

import (
	"strconv"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// Categories of a scheduling reason, the values of SchedulingReason.Category.
const (
	SchedResources         = "resources"
	SchedTaints            = "taints"
	SchedAffinity          = "affinity"
	SchedVolumes           = "volumes"
	SchedNodeUnschedulable = "node-unschedulable"
	SchedPorts             = "ports"
	SchedOther             = "other"
)

// SchedulingCategories lists every value SchedulingReason.Category can take.
var SchedulingCategories = []string{
	SchedResources, SchedTaints, SchedAffinity, SchedVolumes, SchedNodeUnschedulable, SchedPorts, SchedOther,
}

// SchedulingFailure is what a FailedScheduling event (or the PodScheduled
// condition message) says about why no node fits the pod.
type SchedulingFailure struct {
	// TotalNodes is N of "0/N nodes are available", -1 when the message has no
	// count, 0 for "no nodes available to schedule pods".
	TotalNodes int `json:"totalNodes"`
	// Reasons are the per-node reasons in the order written; never nil.
	Reasons []SchedulingReason `json:"reasons"`
	// Preemption is the preemption tail as written, "preemption: 0/3 nodes
	// are available: ..." (kube-scheduler 1.24+).
	Preemption string `json:"preemption,omitempty"`
	// Detail is the message without its preemption tail.
	Detail string `json:"detail"`
	// Cause is the category (one of SchedulingCategories) of the reason that
	// keeps the pod off the nodes it could otherwise use, the others being
	// nodes it was never meant for (control-plane taints, nodes its selector
	// excludes); "" when the message gives no reason.
	Cause string `json:"cause,omitempty"`
}

// SchedulingReason is one reason and the number of nodes that gave it.
type SchedulingReason struct {
	// Category is one of SchedulingCategories.
	Category string `json:"category"`
	// Nodes is how many nodes gave this reason. A reason from a PreFilter
	// plugin ("pod has unbound immediate PersistentVolumeClaims") applies to
	// every node and gets TotalNodes; -1 when the message gives no count.
	Nodes int `json:"nodes"`
	// Text is the reason as written: "Insufficient cpu".
	Text string `json:"text"`
	// Resource is the resource a "resources" reason is short of: cpu,
	// memory, ephemeral-storage, pods, nvidia.com/gpu.
	Resource string `json:"resource,omitempty"`
	// ControlPlane is set for a taint of control-plane nodes
	// (node-role.kubernetes.io/master or control-plane).
	ControlPlane bool `json:"controlPlane,omitempty"`
	// Taint is the taint a "taints" (or node-condition) reason names, as
	// key or key=value; empty when the scheduler hides it ("untolerated
	// taint(s)", 1.35 and 1.34 patches) or did not name it ("had taints",
	// 1.10-1.17).
	Taint string `json:"taint,omitempty"`
}

var (
	// totalNodesRE: kube-scheduler 1.10+, "0/%v nodes are available".
	totalNodesRE = lazyregexp.New(`^0/(\d+) nodes are available:?\s*`)
	// headerREs introduce a list of reasons without a node count.
	headerREs = []*lazyregexp.Regexp{
		// kube-scheduler 1.7-1.9.
		lazyregexp.New(`^No nodes are available that match all of the following predicates::?\s*`),
		// kube-scheduler 1.5-1.6.
		lazyregexp.New(`^pod \([^)]*\) failed to fit in any node[;\s]*fit failure summary on nodes\s*:\s*`),
		// cluster-autoscaler NotTriggerScaleUp.
		lazyregexp.New(`^pod didn't trigger scale-up(?: \([^)]*\))?:\s*`),
	}
	// schedulingLayers wrap a single plugin error (kube-scheduler 1.18-1.21
	// and PreBind failures).
	schedulingLayers = []*lazyregexp.Regexp{
		prefixRE(`error while running "\w+" (?:pre)?filter plugin for pod ` + quotedRE + `: `),
		prefixRE(`running "\w+" (?:pre)?filter plugin for pod ` + quotedRE + `: `),
		prefixRE(`running (?:PreBind|Reserve|Permit|PreFilter) plugin "\w+": `),
	}
	countFirstRE  = lazyregexp.New(`^(\d+) (.+)$`)
	countLastRE   = lazyregexp.New(`^(.+?) \((\d+)\)$`)
	repeatedRE    = lazyregexp.New(`\s*\(repeated \d+ times\)\s*$`)
	taintRE       = lazyregexp.New(`\{([^}]*)\}`)
	insufficientR = lazyregexp.New(`^Insufficient (\S+)`)
)

// nodeConditionTaints are the taints the node lifecycle controller puts on a
// node that cannot take pods; a pod blocked by them is blocked by the node.
var nodeConditionTaints = []string{
	"node.kubernetes.io/unschedulable", "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
	"node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure",
	"node.kubernetes.io/network-unavailable", "node.cloudprovider.kubernetes.io/uninitialized",
	"node.kubernetes.io/out-of-service",
}

// ClassifySchedulingMessage parses a FailedScheduling message of any
// kube-scheduler version from 1.5 on (and cluster-autoscaler's
// NotTriggerScaleUp) into the per-node reasons.
func ClassifySchedulingMessage(message string) SchedulingFailure {
	msg := flatten(repeatedRE.ReplaceAllString(normalize(message), ""))
	f := SchedulingFailure{TotalNodes: -1, Reasons: []SchedulingReason{}}

	main := msg
	if i := strings.Index(msg, "preemption: "); i >= 0 {
		main = msg[:i]
		f.Preemption = collapseFinalDots(strings.TrimSpace(msg[i:]))
		// DRA's PostFilter writes before preemption's (1.31+).
		main = strings.TrimSpace(main)
		main = strings.TrimSuffix(main, ",")
		main = strings.TrimSpace(strings.TrimSuffix(main, "no new claims to deallocate"))
	}
	main = collapseFinalDots(strings.TrimSpace(main))
	f.Detail = detailOr(main, message)

	body := ""
	countLast := false
	if m := totalNodesRE.FindStringSubmatch(main); m != nil {
		f.TotalNodes, _ = strconv.Atoi(m[1])
		body = main[len(m[0]):]
	} else if strings.HasPrefix(strings.ToLower(main), "no nodes available to schedule pods") {
		f.TotalNodes = 0
		return f
	} else {
		body = main
		for i, re := range headerREs {
			if loc := re.FindStringIndex(main); loc != nil {
				body = main[loc[1]:]
				countLast = i < 2
				break
			}
		}
		if body == main {
			body = peel(main, schedulingLayers)
			f.Detail = detailOr(collapseFinalDots(body), message)
		}
	}

	for _, sentence := range splitSentences(body) {
		for _, part := range splitReasons(sentence) {
			f.Reasons = append(f.Reasons, schedulingReason(part, f.TotalNodes, countLast))
		}
	}
	f.Cause = schedulingCause(f.Reasons)
	return f
}

// collapseFinalDots turns the ".." that kube-scheduler 1.24-1.28 leaves at
// the end (its format adds a period after a message that has one) into ".".
func collapseFinalDots(s string) string {
	for strings.HasSuffix(s, "..") {
		s = s[:len(s)-1]
	}
	return s
}

// splitSentences splits "<PreFilterMsg>. <FilterMsg>." into its parts.
func splitSentences(body string) []string {
	body = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(body), "."))
	if body == "" {
		return nil
	}
	var out []string
	for _, s := range strings.Split(body, ". ") {
		if s = strings.TrimSpace(strings.TrimSuffix(s, ".")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitReasons splits a histogram "1 node(s) had taint {a: }, that the pod
// didn't tolerate, 2 Insufficient cpu" at the commas that start a new count,
// so commas inside a reason stay.
func splitReasons(s string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] != ',' || s[i+1] != ' ' {
			continue
		}
		rest := s[i+2:]
		if startsWithCount(rest) || predicateWithCount(s[start:i]) {
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 2
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

func startsWithCount(s string) bool {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n > 0 && n < len(s) && s[n] == ' '
}

// predicateWithCount reports whether s ends the 1.5-1.9 form "Reason (3)".
// It scans back from the end so that splitting stays linear in the message.
func predicateWithCount(s string) bool {
	s = strings.TrimRight(s, " ")
	if !strings.HasSuffix(s, ")") {
		return false
	}
	i := len(s) - 1
	j := i
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
	}
	return j < i && j >= 3 && s[j-1] == '(' && s[j-2] == ' '
}

// schedulingReason parses one "N reason" (or "reason (N)") and categorizes it.
func schedulingReason(part string, total int, countLast bool) SchedulingReason {
	r := SchedulingReason{Nodes: -1, Text: part}
	if m := countFirstRE.FindStringSubmatch(part); m != nil && !countLast {
		r.Nodes, _ = strconv.Atoi(m[1])
		r.Text = m[2]
	} else if m := countLastRE.FindStringSubmatch(part); m != nil {
		r.Nodes, _ = strconv.Atoi(m[2])
		r.Text = m[1]
	} else if total >= 0 {
		r.Nodes = total
	}
	r.Category, r.Resource, r.Taint = schedulingCategory(r.Text)
	r.ControlPlane = isControlPlaneTaint(r.Taint)
	return r
}

// schedulingCategory files a reason text under a category. Volume checks come
// before affinity: "didn't match PersistentVolume's node affinity" is about a
// volume.
func schedulingCategory(text string) (category, resource, taint string) {
	lower := strings.ToLower(text)
	if m := insufficientR.FindStringSubmatch(text); m != nil {
		return SchedResources, m[1], ""
	}
	switch {
	case strings.Contains(lower, "too many pods"):
		return SchedResources, "pods", ""
	case containsAny(lower, "podfitsresources", "insufficient resources", "didn't have enough resource"):
		return SchedResources, "", ""
	case strings.Contains(lower, "taint") || text == "PodToleratesNodeTaints":
		taint = schedulingTaint(text)
		for _, t := range nodeConditionTaints {
			if taint == t || strings.HasPrefix(taint, t+"=") {
				return SchedNodeUnschedulable, "", taint
			}
		}
		return SchedTaints, "", taint
	case containsAny(lower, "volume", "persistentvolumeclaim", "pvc", "storage", "available disk",
		"diskconflict", "maxebsvolumecount", "maxgcepdvolumecount", "maxazurediskvolumecount", "csi"):
		return SchedVolumes, "", ""
	case containsAny(lower, "unschedulable", "not ready", "were not ready", "disk pressure", "memory pressure",
		"pid pressure", "out of disk", "checknodecondition", "checknodememorypressure",
		"checknodediskpressure", "checknodepidpressure", "network unavailable"):
		return SchedNodeUnschedulable, "", ""
	case containsAny(lower, "affinity", "node selector", "matchnodeselector", "topology spread",
		"matchinterpodaffinity", "requested node name", "hostname", "nodename"):
		return SchedAffinity, "", ""
	case containsAny(lower, "free ports", "host port", "podfitshostports", "hostport"):
		return SchedPorts, "", ""
	}
	return SchedOther, "", ""
}

// schedulingTaint returns "key" or "key=value" from a taint as the scheduler
// prints it, {key: value}.
func schedulingTaint(text string) string {
	m := taintRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	key, value, _ := strings.Cut(m[1], ":")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if value == "" {
		return key
	}
	return key + "=" + value
}
