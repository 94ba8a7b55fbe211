package diagnose

import (
	"context"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestCrashCausesAcrossContainers diagnoses real pod shapes whose cause is
// in the crashed instance's termination message, read against the pod's
// other containers, and checks that each message names the cause and the
// sibling with the values involved.
func TestCrashCausesAcrossContainers(t *testing.T) {
	snap, err := snapshot.Load([]string{"../../testdata/diagnose/crash-causes-siblings.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Diagnose(context.Background(), snap, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"two-on-8080 crash-loop admin": {
			"the port it listens on is already in use",
			`container "web" of the same pod declares containerPort 8080`,
		},
		"watcher-8080 crash-loop watcher": {
			"the connection to 127.0.0.1:8080 was refused",
			"no container of this pod declares port 8080 (web declares 80)",
		},
		"shared-volume crash-loop reader": {
			`/data/ready.txt is in volume "shared", which container "writer" mounts at /data and this container mounts at /shared: the file is at /shared/ready.txt here`,
		},
		"late-web startup-order watcher": {
			`failed while container "web" was starting and has recovered`,
			"127.0.0.1:80",
		},
		"node-heap crash-loop api": {
			"it ran out of JavaScript heap memory",
			"exit code 139 and",
		},
	}
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Object.Name+" "+f.Rule+" "+f.Container] = f.Message + "\n" + strings.Join(f.Evidence, "\n") + "\n" + f.Remedy
	}
	for key, phrases := range want {
		text, ok := got[key]
		if !ok {
			t.Errorf("no finding %s; got %v", key, keys(got))
			continue
		}
		for _, p := range phrases {
			if !strings.Contains(text, p) {
				t.Errorf("%s: no %q in:\n%s", key, p, text)
			}
		}
	}
	if text := got["node-heap crash-loop api"]; strings.Contains(strings.SplitN(text, "\n", 2)[0], "segmentation") {
		t.Errorf("node-heap: the log's cause must win over exit 139's usual meaning: %s", text)
	}
}

// TestLogCauseFacts checks what the facts builder reads for the policies:
// ports, ports named by the command, mounts, and the log's cause, taken
// from the crashed instance's log before its termination message, and
// never from a running instance's log.
func TestLogCauseFacts(t *testing.T) {
	snap, err := snapshot.Load([]string{"../../testdata/diagnose/crash-causes-siblings.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The previous instance's log says more than the termination message.
	snap.Logs[snapshot.ContainerKey{Namespace: "shop", Pod: "node-heap", Container: "api", Previous: true}] =
		"listening on :3000\nError: listen EADDRINUSE: address already in use :::3000\n"
	// A running container's current log is not a crash's.
	snap.Logs[snapshot.ContainerKey{Namespace: "shop", Pod: "two-on-8080", Container: "web"}] =
		"httpd: bind: Address already in use\n"
	facts, _ := d.Facts(snap, Filter{})
	containers := map[string]ContainerFacts{}
	for _, f := range facts {
		if f.Pod == nil {
			continue
		}
		for _, c := range f.Pod.Containers {
			containers[f.Pod.Object.Name+"/"+c.Name] = c
		}
	}
	admin := containers["two-on-8080/admin"]
	if len(admin.Ports) != 1 || admin.Ports[0].ContainerPort != 8080 || admin.Ports[0].Protocol != "TCP" {
		t.Errorf("admin ports: %+v", admin.Ports)
	}
	if len(admin.CommandPorts) != 1 || admin.CommandPorts[0] != 8080 {
		t.Errorf("admin command ports: %v", admin.CommandPorts)
	}
	if admin.LogCause == nil || admin.LogCause.Cause != "address-in-use" {
		t.Errorf("admin log cause from its termination message: %+v", admin.LogCause)
	}
	if web := containers["two-on-8080/web"]; web.LogCause != nil {
		t.Errorf("a running container's current log was classified: %+v", web.LogCause)
	}
	reader := containers["shared-volume/reader"]
	if len(reader.Mounts) != 2 || reader.Mounts[0].Volume != "shared" || reader.Mounts[0].MountPath != "/shared" || !reader.Mounts[1].ReadOnly {
		t.Errorf("reader mounts: %+v", reader.Mounts)
	}
	api := containers["node-heap/api"]
	if api.LogCause == nil || api.LogCause.Cause != "address-in-use" || api.LogCause.Port != 3000 {
		t.Errorf("the previous log must win over the termination message: %+v", api.LogCause)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
