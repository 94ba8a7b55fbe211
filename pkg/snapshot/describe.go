package snapshot

import (
	"bytes"
	"strings"

	"github.com/poddoctor/poddoctor/internal/lazyregexp"
)

// This file reads the text of `kubectl describe` (pods, nodes, and the
// Deployment, ReplicaSet, StatefulSet, DaemonSet, Job and CronJob
// sections), as kubectl 1.20 to 1.37 prints it (pkg/describe/describe.go
// of k8s.io/kubectl), into the same typed objects as JSON input, so every
// diagnosis works on it as far as describe carries the facts.
//
// describe prints one object as "Key:  value" lines indented by two spaces
// per level (LEVEL_0 to LEVEL_3 of its PrefixWriter), lists whose items
// continue under the value column (Labels, Tolerations, Taints), tables
// whose columns line up (Conditions, Events) and multi-object output
// separated by blank lines, each object starting with "Name:" at column 0.

// describeMarkers are field names that only describe output has at column
// 0 (or under Containers), one of which must follow "Name:" for text to be
// read as describe output.
var describeMarkers = []string{
	"Namespace:", "Containers:", "Roles:", "Taints:", "Replicas:", "Pods Status:", "Pods Statuses:",
	"StrategyType:", "Schedule:", "Selector:", "Controlled By:", "Node:", "Events:",
}

// nameLineRE is the first line of each described object.
var nameLineRE = lazyregexp.New(`(?m)^Name:[ \t]+\S`)

// looksLikeDescribe reports whether data is `kubectl describe` output: its
// first line that is not blank is "Name:  x" at column 0, and a field only
// describe prints follows at column 0.
func looksLikeDescribe(data []byte) bool {
	head := data[:min(len(data), 64<<10)]
	trimmed := bytes.TrimLeft(skipPrompt(head), " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("Name:")) || !nameLineRE.Match(trimmed) {
		return false
	}
	for _, line := range strings.Split(string(head), "\n") {
		for _, m := range describeMarkers {
			if strings.HasPrefix(line, m) {
				return true
			}
		}
	}
	return false
}

// skipPrompt drops the lines people paste before describe output: the
// shell prompt with the command ("$ kubectl describe pod x") and comments.
func skipPrompt(data []byte) []byte {
	for {
		rest := bytes.TrimLeft(data, " \t\r\n")
		if len(rest) == 0 || (rest[0] != '#' && rest[0] != '$' && rest[0] != '>' && rest[0] != '%') {
			return rest
		}
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return nil
		}
		data = rest[i+1:]
	}
}

// describeNode is one "Key: value" line of describe output with the lines
// nested under it. Lines that are not "Key: value" (list items, table rows,
// values that continue under the value column) are kept raw in lines.
type describeNode struct {
	key      string
	value    string
	indent   int
	children []*describeNode
	lines    []string
}

// child returns the first child with key, or nil.
func (n *describeNode) child(key string) *describeNode {
	for _, c := range n.children {
		if c.key == key {
			return c
		}
	}
	return nil
}

// get returns the value of the child with key, "" when absent or <none>.
func (n *describeNode) get(key string) string {
	c := n.child(key)
	if c == nil {
		return ""
	}
	return noneToEmpty(c.value)
}

// items returns the value and the continuation lines of a list field
// (Labels, Tolerations, Taints, Command): one item a line, <none> dropped.
func (n *describeNode) items(key string) []string {
	c := n.child(key)
	if c == nil {
		return nil
	}
	var out []string
	for _, s := range append([]string{c.value}, c.lines...) {
		if s = strings.TrimSpace(s); s != "" && s != "<none>" {
			out = append(out, s)
		}
	}
	return out
}

func noneToEmpty(s string) string {
	s = strings.TrimSpace(s)
	if s == "<none>" || s == "<unset>" || s == "<unknown>" {
		return ""
	}
	return s
}

// rawKeys are the fields whose nested lines are list items or text, never
// fields of their own, though they may hold a colon.
var rawKeys = map[string]bool{
	"Labels": true, "Annotations": true, "Tolerations": true, "Node-Selectors": true, "Command": true,
	"Args": true, "Taints": true, "Mounts": true, "Environment Variables from": true, "Selector": true,
	"Conditions": true, "Events": true, "IPs": true, "Addresses": true, "System Info": true,
	"Non-terminated Pods": true, "Allocated resources": true, "Message": true, "Scheduling Gates": true,
	"Devices": true, "Finalizers": true,
}

// keyValueRE is "Key:  value"; a key starts with a letter and holds no
// two spaces in a row, so "Warning  Failed  ..." rows are not keys.
var keyValueRE = lazyregexp.New(`^([A-Za-z0-9][A-Za-z0-9 _./()#-]*?):(?:\s+(.*)|$)`)

// parseDescribeTree reads one object's lines into a tree.
func parseDescribeTree(lines []string) *describeNode {
	root := &describeNode{indent: -1}
	stack := []*describeNode{root}
	// message is the Message field being read: describe prints a
	// termination message's newlines as they are, so its next lines start
	// at any column, until a field of the message's own level.
	var message *describeNode
	for _, raw := range lines {
		line := strings.TrimRight(raw, " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		text := strings.TrimLeft(line, " ")
		if message != nil {
			if indent < message.indent || !keyValueRE.MatchString(text) {
				message.lines = append(message.lines, line)
				continue
			}
			message = nil
		}
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		top := stack[len(stack)-1]
		if rawKeys[top.key] && top != root {
			top.lines = append(top.lines, text)
			continue
		}
		if m := keyValueRE.FindStringSubmatch(text); m != nil && !strings.Contains(m[1], "  ") {
			n := &describeNode{key: m[1], value: strings.TrimSpace(m[2]), indent: indent}
			top.children = append(top.children, n)
			stack = append(stack, n)
			if n.key == "Message" {
				message = n
			}
			continue
		}
		top.lines = append(top.lines, text)
	}
	return root
}

// splitDescribed cuts describe output into its objects: each starts with
// "Name:" at column 0. Text before the first one is returned apart.
func splitDescribed(text string) (before string, objects [][]string) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	start := -1
	for i, line := range lines {
		if !strings.HasPrefix(line, "Name:") {
			continue
		}
		if start < 0 {
			before = strings.Join(lines[:i], "\n")
		} else {
			objects = append(objects, lines[start:i])
		}
		start = i
	}
	if start >= 0 {
		objects = append(objects, lines[start:])
	}
	return before, objects
}

// describedKind tells which kind an object of describe output is, from the
// fields only that kind prints.
func describedKind(root *describeNode) string {
	has := func(key string) bool { return root.child(key) != nil }
	switch {
	case has("Containers") && (has("Node") || has("Status") || has("IP") || has("QoS Class")):
		return "Pod"
	case has("Roles") || has("Taints") || has("System Info") || has("Kubelet Version") || has("PodCIDR"):
		return "Node"
	case has("StrategyType") || has("NewReplicaSet") || has("OldReplicaSets"):
		return "Deployment"
	case has("Desired Number of Nodes Scheduled"):
		return "DaemonSet"
	case has("Schedule") && has("Concurrency Policy"):
		return "CronJob"
	case has("Pods Statuses") || has("Completions") && has("Parallelism"):
		return "Job"
	case has("Update Strategy") || has("Volume Claims") || has("Pods Status") && strings.Contains(root.get("Replicas"), "total"):
		return "StatefulSet"
	case has("Pods Status") && has("Replicas"):
		return "ReplicaSet"
	}
	return ""
}
