package diagnose

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose/classify"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// declaredPorts lists a container's ports, the protocol defaulted as the
// API server does.
func declaredPorts(c corev1.Container) []Port {
	out := []Port{}
	for _, p := range c.Ports {
		proto := string(p.Protocol)
		if proto == "" {
			proto = string(corev1.ProtocolTCP)
		}
		out = append(out, Port{Name: p.Name, ContainerPort: p.ContainerPort, HostPort: p.HostPort, Protocol: proto})
	}
	return out
}

// volumeMounts lists a container's volume mounts.
func volumeMounts(c corev1.Container) []Mount {
	out := []Mount{}
	for _, m := range c.VolumeMounts {
		out = append(out, Mount{Volume: m.Name, MountPath: m.MountPath, SubPath: m.SubPath, ReadOnly: m.ReadOnly})
	}
	return out
}

// commandPortRE finds a port in a command line: a port flag followed by a
// number or an address (-p 8080, --port=8080, --listen :8080,
// --bind 0.0.0.0:8080, -b 127.0.0.1:9000), or a bare ":8080" argument.
var commandPortRE = regexp.MustCompile(`(?:^|\s)(?:-p|-l|-b|--port|--http-port|--listen|--listen-address|--bind|--addr|--address|--web\.listen-address)(?:=|\s+)(?:\S*:)?(\d{1,5})\b|(?:^|\s):(\d{1,5})(?:\s|$)`)

// commandPorts lists the ports a container's command and args name.
func commandPorts(c corev1.Container) []int {
	line := strings.Join(append(slices.Clone(c.Command), c.Args...), " ")
	out := []int{}
	for _, m := range commandPortRE.FindAllStringSubmatch(line, -1) {
		n, err := strconv.Atoi(m[1] + m[2])
		if err != nil || n <= 0 || n > 65535 || slices.Contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// crashCauseLogLines is how much of a log the crash classifier reads: more
// than the facts keep as evidence, because a stack trace can push the
// fatal line above the last twenty lines.
const crashCauseLogLines = 300

// logCause classifies what ended the container's last crashed instance:
// its log when that log is the crashed instance's (the previous one, or
// the current one of a container that is terminated or waiting to be
// restarted), else its termination message (terminationMessagePath, or
// the log tail the kubelet copied with FallbackToLogsOnError).
func (b *factBuilder) logCause(pod *corev1.Pod, f ContainerFacts) *classify.LogCause {
	last := lastTermination(f)
	if last == nil {
		return nil
	}
	if log, ok := b.crashedLog(pod, f); ok {
		if c := classify.ClassifyLog(lastLines(log, crashCauseLogLines)); c != nil {
			return c
		}
	}
	if strings.TrimSpace(last.Message) != "" {
		return classify.ClassifyLog(lastLines(last.Message, crashCauseLogLines))
	}
	return nil
}

// crashedLog returns the captured log of the container's crashed instance.
func (b *factBuilder) crashedLog(pod *corev1.Pod, f ContainerFacts) (string, bool) {
	key := snapshot.ContainerKey{Namespace: pod.Namespace, Pod: pod.Name, Container: f.Name, Previous: true}
	if log, ok := b.snap.Logs[key]; ok && strings.TrimSpace(log) != "" {
		return log, true
	}
	// The current log is the crashed instance's while the container is
	// terminated or waits for its restart: the kubelet serves the newest
	// instance, and none newer exists.
	if f.State.Name == "terminated" || f.State.Name == "waiting" {
		key.Previous = false
		if log, ok := b.snap.Logs[key]; ok && strings.TrimSpace(log) != "" {
			return log, true
		}
	}
	return "", false
}

// lastTermination is the container's most recent termination: the current
// state when terminated, else the last state.
func lastTermination(f ContainerFacts) *State {
	if f.State.Name == "terminated" {
		return &f.State
	}
	if f.LastState != nil && f.LastState.Name == "terminated" {
		return f.LastState
	}
	return nil
}
