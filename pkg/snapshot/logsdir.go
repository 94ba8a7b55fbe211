package snapshot

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// MaxLogFiles bounds how many log files AddLogsDir reads from one
// directory: a ticket's attachments, not a log archive.
const MaxLogFiles = 10000

// AddLogsDir reads container logs saved beside a snapshot, as
// `kubectl logs [--previous]` printed them, into snap.Logs. The file name
// says whose log it is:
//
//	NAMESPACE_POD_CONTAINER.log   e.g. shop_api-7f9c8d7b5-2kq9p_api.log
//	POD_CONTAINER.log             when only one namespace of the snapshot has that pod
//
// Kubernetes names never contain "_", so the parts are unambiguous. A
// plain .log is the crashed instance's log: the previous instance's for a
// container that has restarted (what `kubectl logs --previous` prints), else
// the current one. NAME.previous.log and NAME.current.log say which
// explicitly. Only the last LogTailBytes of each file are read; a log read
// here replaces one the snapshot already held for the same container.
//
// It returns one note per file it could not use, and an error only when the
// directory itself cannot be read.
func AddLogsDir(snap *Snapshot, dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read logs directory %s: %w", dir, err)
	}
	pods := podsByName(snap.Pods)
	var notes []string
	read, ignored := 0, 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".log") || strings.HasPrefix(name, ".") {
			ignored++
			continue
		}
		if read == MaxLogFiles {
			notes = append(notes, fmt.Sprintf("%s: read the first %d log files only", dir, MaxLogFiles))
			break
		}
		path := filepath.Join(dir, name)
		if !e.Type().IsRegular() {
			notes = append(notes, fmt.Sprintf("%s: skipped: not a regular file", path))
			continue
		}
		key, why := logFileKey(name, pods)
		if why != "" {
			notes = append(notes, fmt.Sprintf("%s: skipped: %s", path, why))
			continue
		}
		text, err := readTail(path, LogTailBytes)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: skipped: %v", path, err))
			continue
		}
		snap.Logs[key] = text
		snap.Sources = append(snap.Sources, path)
		read++
	}
	if read == 0 {
		notes = append(notes, fmt.Sprintf("%s: no log file named NAMESPACE_POD_CONTAINER.log or POD_CONTAINER.log of a pod in the snapshot", dir))
	}
	if ignored > 0 {
		notes = append(notes, fmt.Sprintf("%s: ignored %s not named *.log", dir, plural(ignored, "file")))
	}
	return notes, nil
}

// podsByName indexes the snapshot's pods by name, across namespaces.
func podsByName(pods []corev1.Pod) map[string][]*corev1.Pod {
	out := map[string][]*corev1.Pod{}
	for i := range pods {
		out[pods[i].Name] = append(out[pods[i].Name], &pods[i])
	}
	return out
}

// logFileKey reads whose log a file holds from its name, or says why it
// cannot.
func logFileKey(name string, pods map[string][]*corev1.Pod) (ContainerKey, string) {
	base := strings.TrimSuffix(name, ".log")
	instance := ""
	for _, suffix := range []string{".previous", ".current"} {
		if strings.HasSuffix(base, suffix) {
			base, instance = strings.TrimSuffix(base, suffix), suffix[1:]
		}
	}
	parts := strings.Split(base, "_")
	var namespace, podName, container string
	switch len(parts) {
	case 3:
		namespace, podName, container = parts[0], parts[1], parts[2]
	case 2:
		podName, container = parts[0], parts[1]
	default:
		return ContainerKey{}, "the name is not NAMESPACE_POD_CONTAINER.log or POD_CONTAINER.log"
	}
	var pod *corev1.Pod
	for _, p := range pods[podName] {
		if namespace == "" || p.Namespace == namespace {
			if pod != nil {
				return ContainerKey{}, fmt.Sprintf("pod %q is in several namespaces of the snapshot: name the file NAMESPACE_%s_%s.log", podName, podName, container)
			}
			pod = p
		}
	}
	if pod == nil {
		where := ""
		if namespace != "" {
			where = " in namespace " + namespace
		}
		return ContainerKey{}, fmt.Sprintf("no pod %q%s in the snapshot", podName, where)
	}
	status, ok := containerStatus(pod, container)
	if !ok && !hasContainer(pod, container) {
		return ContainerKey{}, fmt.Sprintf("pod %s/%s has no container %q", pod.Namespace, pod.Name, container)
	}
	key := ContainerKey{Namespace: pod.Namespace, Pod: pod.Name, Container: container}
	switch instance {
	case "previous":
		key.Previous = true
	case "":
		// What kubectl logs --previous printed: the crashed instance, which
		// is the previous one once the container has restarted.
		key.Previous = ok && (status.RestartCount > 0 || status.LastTerminationState.Terminated != nil)
	}
	return key, ""
}

func containerStatus(pod *corev1.Pod, name string) (corev1.ContainerStatus, bool) {
	for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses, pod.Status.EphemeralContainerStatuses} {
		for _, s := range list {
			if s.Name == name {
				return s, true
			}
		}
	}
	return corev1.ContainerStatus{}, false
}

func hasContainer(pod *corev1.Pod, name string) bool {
	match := func(c corev1.Container) bool { return c.Name == name }
	return slices.ContainsFunc(pod.Spec.Containers, match) || slices.ContainsFunc(pod.Spec.InitContainers, match) ||
		slices.ContainsFunc(pod.Spec.EphemeralContainers, func(c corev1.EphemeralContainer) bool { return c.Name == name })
}

// readTail reads the last max bytes of a regular file, from the start of a
// line: a log's end is what explains a crash, and the bound keeps memory
// flat whatever the file's size.
func readTail(path string, max int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file")
	}
	start := info.Size() - max
	if start < 0 {
		start = 0
	}
	buf := make([]byte, info.Size()-start)
	if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
		return "", err
	}
	if start > 0 {
		if nl := bytes.IndexByte(buf, '\n'); nl >= 0 && nl+1 < len(buf) {
			buf = buf[nl+1:]
		}
	}
	if looksBinary(buf) {
		return "", fmt.Errorf("not text")
	}
	return string(buf), nil
}
