package snapshot

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func logsDirPod(namespace, name string, restarts int32, containers ...string) corev1.Pod {
	p := corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name}}
	for _, c := range containers {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: c})
		s := corev1.ContainerStatus{Name: c, RestartCount: restarts}
		if restarts > 0 {
			s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 1}
		}
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, s)
	}
	return p
}

func TestAddLogsDir(t *testing.T) {
	snap := newSnapshot()
	snap.Pods = []corev1.Pod{
		logsDirPod("shop", "api-7f9c8d7b5-2kq9p", 4, "api", "proxy"),
		logsDirPod("shop", "export-1764054000-8fkx2", 0, "export"),
		logsDirPod("shop", "web-0", 0, "web"),
		logsDirPod("staging", "web-0", 0, "web"),
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("shop_api-7f9c8d7b5-2kq9p_api.log", "Error: connect ECONNREFUSED 127.0.0.1:5432\n")
	write("api-7f9c8d7b5-2kq9p_proxy.current.log", "serving\n")
	write("export-1764054000-8fkx2_export.log", "KeyError: 'BUCKET'\n")
	write("web-0_web.log", "ambiguous\n")
	write("staging_web-0_web.log", "nginx: [emerg] unknown directive \"proxy_passs\" in /etc/nginx/conf.d/default.conf:9\n")
	write("shop_gone_app.log", "x\n")
	write("shop_web-0_sidecar.log", "x\n")
	write("not-a-kubernetes-name.log", "x\n")
	write("README.txt", "saved with kubectl logs --previous\n")
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "shop_web-0_web.log")); err != nil {
		t.Fatal(err)
	}

	notes, err := AddLogsDir(snap, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[ContainerKey]string{
		{Namespace: "shop", Pod: "api-7f9c8d7b5-2kq9p", Container: "api", Previous: true}:    "Error: connect ECONNREFUSED 127.0.0.1:5432\n",
		{Namespace: "shop", Pod: "api-7f9c8d7b5-2kq9p", Container: "proxy", Previous: false}: "serving\n",
		{Namespace: "shop", Pod: "export-1764054000-8fkx2", Container: "export"}:             "KeyError: 'BUCKET'\n",
		{Namespace: "staging", Pod: "web-0", Container: "web"}:                               "nginx: [emerg] unknown directive \"proxy_passs\" in /etc/nginx/conf.d/default.conf:9\n",
	}
	if len(snap.Logs) != len(want) {
		t.Errorf("read %d logs, want %d: %v", len(snap.Logs), len(want), snap.Logs)
	}
	for k, v := range want {
		if snap.Logs[k] != v {
			t.Errorf("%+v: got %q, want %q", k, snap.Logs[k], v)
		}
	}
	joined := strings.Join(notes, "\n")
	for _, w := range []string{
		`web-0_web.log: skipped: pod "web-0" is in several namespaces of the snapshot: name the file NAMESPACE_web-0_web.log`,
		`shop_gone_app.log: skipped: no pod "gone" in namespace shop in the snapshot`,
		`shop_web-0_sidecar.log: skipped: pod shop/web-0 has no container "sidecar"`,
		`not-a-kubernetes-name.log: skipped: the name is not NAMESPACE_POD_CONTAINER.log or POD_CONTAINER.log`,
		`shop_web-0_web.log: skipped: not a regular file`,
		`ignored 1 file not named *.log`,
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("no note %q in:\n%s", w, joined)
		}
	}
}

// TestAddLogsDirReadsTheTail proves a log larger than LogTailBytes costs
// LogTailBytes: its end is kept, from a line start.
func TestAddLogsDirReadsTheTail(t *testing.T) {
	snap := newSnapshot()
	snap.Pods = []corev1.Pod{logsDirPod("shop", "api", 1, "api")}
	dir := t.TempDir()
	var b strings.Builder
	for b.Len() < 3*LogTailBytes {
		b.WriteString("2024/06/01 10:00:00 serving request\n")
	}
	b.WriteString("panic: the end\n")
	if err := os.WriteFile(filepath.Join(dir, "shop_api_api.log"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := AddLogsDir(snap, dir); err != nil {
		t.Fatal(err)
	}
	got := snap.Logs[ContainerKey{Namespace: "shop", Pod: "api", Container: "api", Previous: true}]
	if len(got) > LogTailBytes || !strings.HasSuffix(got, "panic: the end\n") || !strings.HasPrefix(got, "2024/06/01") {
		t.Errorf("tail of %d bytes, starts %q, ends %q", len(got), got[:min(len(got), 20)], got[max(0, len(got)-20):])
	}
}

func TestAddLogsDirMissing(t *testing.T) {
	if _, err := AddLogsDir(newSnapshot(), filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "read logs directory") {
		t.Errorf("err = %v", err)
	}
}
