package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/yaml"
)

// The fixtures in testdata are what kubectl prints:
//
//	get-all.json        kubectl get pods,events,replicasets,deployments,statefulsets,
//	                    daemonsets,jobs,cronjobs,nodes,services,configmaps,secrets -A -o json
//	get-all.yaml        the same with -o yaml
//	multidoc.yaml       four objects saved with -o yaml one by one and joined with "---"
//	single-pod.json     kubectl get pod api-7f9c8d7b5-2kq9p -n shop -o json
//	events-v1.json      kubectl get events.v1.events.k8s.io -n shop -o json
//	cluster-info-dump/  kubectl cluster-info dump --namespaces default,monitoring,shop
//	                    --output-directory cluster-info-dump
//	cluster-info-dump.txt  the same dump printed to stdout
//	bad/                inputs that are broken in the ways saved files break
//
// The cluster behind them: in namespace shop, Deployment web's pod cannot pull
// its image (a typo), Deployment api's pod crash-loops, StatefulSet db's pod
// cannot be scheduled, and CronJob report's last Job was OOM-killed; in
// namespace monitoring, DaemonSet node-exporter is healthy; node-3 is low on
// disk.

// getAllKinds is what get-all.json and get-all.yaml hold.
var getAllKinds = map[string]int{
	"Pod": 5, "Event": 12, "ReplicaSet": 2, "Deployment": 2, "StatefulSet": 1, "DaemonSet": 1,
	"Job": 1, "CronJob": 1, "Node": 3, "Service": 2, "ConfigMap": 1, "Secret": 1,
}

// getAllNotes are the notes of loading get-all.json alone.
var getAllNotes = []string{
	"skipped 1 object of kind ConfigMap (names kept)",
	"skipped 1 object of kind Secret (names kept)",
	"skipped 2 objects of kind Service (names kept)",
}

// dumpKinds is what the cluster-info dump holds: no StatefulSets, Jobs or
// CronJobs (kubectl does not dump them), an empty ReplicationControllerList.
var dumpKinds = map[string]int{
	"Pod": 5, "Event": 12, "ReplicaSet": 2, "Deployment": 2, "DaemonSet": 1, "Node": 3,
	"Service": 2, "ReplicationController": 0,
}

var dumpNotes = []string{
	"skipped 2 objects of kind Service (names kept)",
	"2 container log sections held kubectl's error instead of a log",
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		paths   []string
		stdin   string // a file fed to "-"
		kinds   map[string]int
		notes   []string
		gaps    []string
		sources []string
		logs    int
	}{
		{
			name:  "get -o json, a mixed v1 List",
			paths: []string{"testdata/get-all.json"},
			kinds: getAllKinds,
			notes: getAllNotes,
		},
		{
			name:  "get -o yaml, the same List",
			paths: []string{"testdata/get-all.yaml"},
			kinds: getAllKinds,
			notes: getAllNotes,
		},
		{
			name:  "multi-document YAML with a comment-only first document",
			paths: []string{"testdata/multidoc.yaml"},
			kinds: map[string]int{"Pod": 1, "ReplicaSet": 1, "Deployment": 1, "Service": 1},
			notes: []string{"skipped 1 object of kind Service (names kept)"},
		},
		{
			name:  "a single object",
			paths: []string{"testdata/single-pod.json"},
			kinds: map[string]int{"Pod": 1},
		},
		{
			name:    "stdin",
			paths:   []string{"-"},
			stdin:   "testdata/get-all.json",
			kinds:   getAllKinds,
			notes:   getAllNotes,
			sources: []string{"<stdin>"},
		},
		{
			name:  "events.k8s.io/v1 Events",
			paths: []string{"testdata/events-v1.json"},
			kinds: map[string]int{"Event": 3},
		},
		{
			name:  "several files: the same events in both API versions are kept once",
			paths: []string{"testdata/get-all.json", "testdata/events-v1.json"},
			kinds: map[string]int{
				"Pod": 5, "Event": 13, "ReplicaSet": 2, "Deployment": 2, "StatefulSet": 1, "DaemonSet": 1,
				"Job": 1, "CronJob": 1, "Node": 3, "Service": 2, "ConfigMap": 1, "Secret": 1,
			},
			notes: append(slices.Clone(getAllNotes), "dropped 2 duplicate objects read more than once (same kind and uid)"),
		},
		{
			name:  "cluster-info dump directory",
			paths: []string{"testdata/cluster-info-dump"},
			kinds: dumpKinds,
			notes: dumpNotes,
			logs:  4,
		},
		{
			name:  "cluster-info dump on stdout",
			paths: []string{"testdata/cluster-info-dump.txt"},
			kinds: dumpKinds,
			notes: dumpNotes,
			logs:  4,
		},
		{
			name:  "the dump twice, as a directory and as a stream",
			paths: []string{"testdata/cluster-info-dump", "testdata/cluster-info-dump.txt"},
			kinds: dumpKinds,
			notes: []string{
				"skipped 2 objects of kind Service (names kept)",
				"dropped 25 duplicate objects read more than once (same kind and uid)",
				"2 container log sections held kubectl's error instead of a log",
			},
			logs: 4,
		},
		{
			name:  "a List with one item of the wrong shape",
			paths: []string{"testdata/bad/list-bad-item.json"},
			kinds: map[string]int{"Pod": 3},
			gaps: []string{
				`Pod shop/api-7f9c8d7b5-broken: spec.containers "registry.example.com/shop/api:2.3.1" is not a valid []v1.Container; the field was ignored`,
			},
		},
		{
			name:  "numbers no int32 holds",
			paths: []string{"testdata/bad/huge-numbers.json"},
			kinds: map[string]int{"Deployment": 3},
			// 1e400 is no number Go can hold at all, so that object is lost.
			notes: []string{
				"testdata/bad/huge-numbers.json: document 1, item 2 (Deployment shop/web-1): json: cannot unmarshal number 1e400 into Go struct field DeploymentSpec.spec.replicas of type int32",
			},
			gaps: []string{
				"Deployment shop/web-2: spec.replicas 100000000000000000000 is not a valid int32; read as 2147483647",
				"Deployment shop/web-3: spec.replicas 1.5 is not a valid int32; read as 1",
			},
		},
		{
			name:  "a List cut short keeps its complete items",
			paths: []string{"testdata/bad/truncated.json"},
			kinds: map[string]int{"Pod": 2},
			notes: []string{
				"testdata/bad/truncated.json: document 1: not JSON: line 409, column 17: unexpected end of input; kept the 2 complete items before it",
			},
		},
		{
			name:  "YAML documents of the wrong types",
			paths: []string{"testdata/bad/wrong-types.yaml"},
			kinds: map[string]int{"Pod": 3, "Deployment": 1},
			// A pod whose metadata is not an object has no name to go by.
			notes: []string{
				"testdata/bad/wrong-types.yaml: document 1 (Pod): json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta",
				"testdata/bad/wrong-types.yaml: document 3: not a JSON or YAML object",
				"skipped 1 object without a kind",
			},
			gaps: []string{
				`Deployment shop/web: spec.replicas "three" is not a valid int32; the field was ignored`,
				`Pod shop/web-3: metadata.creationTimestamp "yesterday" is not a valid v1.Time; the field was ignored`,
				`Pod shop/web-4: spec.containers[0].resources.limits.memory "10 gigs" is not a valid resource.Quantity; the field was ignored`,
			},
		},
		{
			name:  "a file that is not JSON or YAML among good ones",
			paths: []string{"testdata/bad/forbidden.txt", "testdata/single-pod.json"},
			kinds: map[string]int{"Pod": 1},
			notes: []string{
				"testdata/bad/forbidden.txt: document 1: not JSON or YAML: yaml: mapping values are not allowed in this context",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdin *os.File
			if tt.stdin != "" {
				f, err := os.Open(tt.stdin)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				stdin = f
			}
			s, err := Load(tt.paths, stdin)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(s.Kinds, tt.kinds) {
				t.Errorf("Kinds = %v, want %v", s.Kinds, tt.kinds)
			}
			checkKeptCounts(t, s)
			if !slices.Equal(s.Notes, tt.notes) {
				t.Errorf("Notes:\n%s\nwant:\n%s", strings.Join(s.Notes, "\n"), strings.Join(tt.notes, "\n"))
			}
			var gaps []string
			for _, g := range s.Gaps {
				gaps = append(gaps, fmt.Sprintf("%s %s/%s: %s", g.Object.Kind, g.Object.Namespace, g.Object.Name, g.Text))
			}
			if !slices.Equal(gaps, tt.gaps) {
				t.Errorf("Gaps:\n%s\nwant:\n%s", strings.Join(gaps, "\n"), strings.Join(tt.gaps, "\n"))
			}
			if len(s.Logs) != tt.logs {
				t.Errorf("got %d logs, want %d", len(s.Logs), tt.logs)
			}
			if tt.sources != nil && !slices.Equal(s.Sources, tt.sources) {
				t.Errorf("Sources = %v, want %v", s.Sources, tt.sources)
			}
			checkTypeMeta(t, s)
		})
	}
}

// checkKeptCounts checks that the slices hold as many objects as Kinds says.
func checkKeptCounts(t *testing.T, s *Snapshot) {
	t.Helper()
	lengths := map[string]int{
		"Pod": len(s.Pods), "Event": len(s.Events), "ReplicaSet": len(s.ReplicaSets),
		"Deployment": len(s.Deployments), "StatefulSet": len(s.StatefulSets), "DaemonSet": len(s.DaemonSets),
		"Job": len(s.Jobs), "CronJob": len(s.CronJobs), "Node": len(s.Nodes),
	}
	for kind, n := range lengths {
		if s.Kinds[kind] != n {
			t.Errorf("%d objects of kind %s kept, Kinds says %d", n, kind, s.Kinds[kind])
		}
	}
}

// checkTypeMeta checks that every kept object says its apiVersion and kind,
// including the items of typed lists, which leave them out in the input.
func checkTypeMeta(t *testing.T, s *Snapshot) {
	t.Helper()
	var objs []Object
	for i := range s.Pods {
		objs = append(objs, &s.Pods[i])
	}
	for i := range s.Events {
		objs = append(objs, &s.Events[i])
	}
	for i := range s.ReplicaSets {
		objs = append(objs, &s.ReplicaSets[i])
	}
	for i := range s.Deployments {
		objs = append(objs, &s.Deployments[i])
	}
	for i := range s.Nodes {
		objs = append(objs, &s.Nodes[i])
	}
	for i := range s.Jobs {
		objs = append(objs, &s.Jobs[i])
	}
	for _, obj := range objs {
		gvk := obj.GetObjectKind().GroupVersionKind()
		if gvk.Kind == "" || gvk.Version == "" {
			t.Errorf("%s/%s has no apiVersion and kind: %v", obj.GetNamespace(), obj.GetName(), gvk)
		}
	}
}

func TestLoadDumpLogs(t *testing.T) {
	want := map[ContainerKey]string{
		{Namespace: "shop", Pod: "api-7f9c8d7b5-2kq9p", Container: "wait-for-db"}: "",
		{Namespace: "shop", Pod: "api-7f9c8d7b5-2kq9p", Container: "api"}: `{"level":"info","ts":"2026-03-14T10:09:28.412Z","msg":"starting api","version":"2.3.1"}
{"level":"info","ts":"2026-03-14T10:09:28.415Z","msg":"connecting to database","host":"db.shop.svc","port":5432}
{"level":"fatal","ts":"2026-03-14T10:09:30.418Z","msg":"cannot connect to database","error":"dial tcp 10.96.12.5:5432: connect: connection refused"}
`,
		// Killed mid-line: the END marker follows the last bytes on the same line.
		{Namespace: "shop", Pod: "report-29555520-7xq4d", Container: "report"}: "2026-03-14 02:00:04,118 INFO loading orders since 2026-03-13T02:00:00Z\n" +
			"2026-03-14 02:00:21,902 INFO loaded 1843211 orders\n" +
			"2026-03-14 02:00:38,557 INFO building report, batch 7 of 12",
		{Namespace: "monitoring", Pod: "node-exporter-4xk8d", Container: "node-exporter"}: `ts=2026-03-01T08:30:13.402Z caller=node_exporter.go:193 level=info msg="Starting node_exporter" version="(version=1.8.2, branch=HEAD, revision=f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895)"
ts=2026-03-01T08:30:13.418Z caller=tls_config.go:313 level=info msg="Listening on" address=[::]:9100
`,
	}
	for _, path := range []string{"testdata/cluster-info-dump", "testdata/cluster-info-dump.txt"} {
		t.Run(path, func(t *testing.T) {
			s, err := Load([]string{path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Logs, want) {
				t.Errorf("Logs:\n%#v\nwant:\n%#v", s.Logs, want)
			}
		})
	}
}

func TestLoadUnattributedLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shop", "web-1", "logs.txt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("saved by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[ContainerKey]string{{Namespace: "shop", Pod: "web-1"}: "saved by hand\n"}
	if !reflect.DeepEqual(s.Logs, want) {
		t.Errorf("Logs = %#v, want %#v", s.Logs, want)
	}
	wantNotes := []string{path + ": no container markers; kept as the log of all containers of pod shop/web-1"}
	if !slices.Equal(s.Notes, wantNotes) {
		t.Errorf("Notes = %q, want %q", s.Notes, wantNotes)
	}
}

func TestLoadLogTail(t *testing.T) {
	var log strings.Builder
	for i := 0; log.Len() < 3*LogTailBytes; i++ {
		log.WriteString("line " + strings.Repeat("x", i%80) + "\n")
	}
	log.WriteString("the last line\n")
	dump := "==== START logs for container app of pod shop/web-1 ====\n" + log.String() +
		"==== END logs for container app of pod shop/web-1 ====\n"
	s, err := Load([]string{"-"}, strings.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	got := s.Logs[ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app"}]
	if len(got) > LogTailBytes || !strings.HasSuffix(got, "the last line\n") || !strings.HasPrefix(got, "line ") {
		t.Errorf("tail of %d bytes starts %q and ends %q", len(got), got[:min(20, len(got))], got[max(0, len(got)-20):])
	}
}

func TestLoadEventsBothVersions(t *testing.T) {
	backOff := types.UID("95e7b9d1-3f5a-4c7e-9b1d-3f5a7c9e1b05")
	for _, paths := range [][]string{
		{"testdata/get-all.json", "testdata/events-v1.json"},
		{"testdata/events-v1.json", "testdata/get-all.json"},
	} {
		t.Run(strings.Join(paths, ","), func(t *testing.T) {
			s, err := Load(paths, nil)
			if err != nil {
				t.Fatal(err)
			}
			var found int
			for _, e := range s.Events {
				if e.UID != backOff {
					continue
				}
				found++
				// events-v1.json saw the event later, counted 33 times.
				if e.Count != 33 || !e.LastTimestamp.Time.Equal(time.Date(2026, 3, 14, 10, 11, 2, 0, time.UTC)) {
					t.Errorf("kept count %d, last %v; want the later copy", e.Count, e.LastTimestamp)
				}
			}
			if found != 1 {
				t.Errorf("event %s kept %d times", backOff, found)
			}
		})
	}
}

func TestLoadNeverKeepsSecretData(t *testing.T) {
	s, err := Load([]string{"testdata/get-all.json", "testdata/get-all.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Present[ObjectKey{Kind: "Secret", Namespace: "shop", Name: "api-db"}] {
		t.Errorf("Present lacks Secret shop/api-db: %v", s.Present)
	}
	// JSON cannot key a map by a struct: print Present and Logs on their own.
	all, err := json.Marshal([]any{s.Pods, s.Events, s.ReplicaSets, s.Deployments, s.StatefulSets,
		s.DaemonSets, s.Jobs, s.CronJobs, s.Nodes, s.Kinds, s.Notes, s.Sources})
	if err != nil {
		t.Fatal(err)
	}
	all = fmt.Appendf(all, "%v %v", s.Present, s.Logs)
	for _, secret := range []string{"cG9zdGdyZXM6Ly9hcGk6aHVudGVyMkBkYjo1NDMyL3Nob3A=", "hunter2"} {
		if strings.Contains(string(all), secret) {
			t.Errorf("the snapshot holds Secret data %q", secret)
		}
	}
}

func TestLoadCapturedAt(t *testing.T) {
	tests := []struct {
		path string
		want time.Time
	}{
		// The series of db-0's FailedScheduling event was last observed then.
		{"testdata/get-all.json", time.Date(2026, 3, 14, 10, 12, 3, 118200000, time.UTC)},
		// The api pod's Ready condition changed last.
		{"testdata/single-pod.json", time.Date(2026, 3, 14, 10, 9, 31, 0, time.UTC)},
	}
	for _, tt := range tests {
		s, err := Load([]string{tt.path}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !s.CapturedAt.Equal(tt.want) {
			t.Errorf("%s: CapturedAt = %v, want %v", tt.path, s.CapturedAt, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	empty := write("empty.json", nil)
	blank := write("blank.yaml", []byte("\n  \n"))
	binary := write("image.json", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	emptyDir := filepath.Join(dir, "nothing")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.json")
	if err := os.Symlink(filepath.Join(dir, "gone.json"), dangling); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		paths  []string
		is     error  // errors.Is target, if any
		substr string // the message must contain it
	}{
		{"no paths", nil, nil, "no paths given"},
		{"missing path", []string{"testdata/no-such.json"}, fs.ErrNotExist, "testdata/no-such.json"},
		{"missing path among good ones", []string{"testdata/get-all.json", "testdata/no-such"}, fs.ErrNotExist, "testdata/no-such"},
		{"dangling link", []string{dangling}, fs.ErrNotExist, dangling},
		{"stdin without a reader", []string{"-"}, nil, "no standard input"},
		{"empty file", []string{empty}, ErrNoData, empty + ": empty file"},
		{"blank file", []string{blank}, ErrNoData, blank + ": empty file"},
		{"binary file", []string{binary}, ErrNoData, binary + ": not JSON or YAML: binary data"},
		{"empty directory", []string{emptyDir}, ErrNoData, emptyDir + ": no .json, .yaml, .yml or logs.txt files"},
		{"text that is not JSON or YAML", []string{"testdata/bad/forbidden.txt"}, ErrNoData, "mapping values are not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Load(tt.paths, nil)
			if err == nil {
				t.Fatalf("Load succeeded: %+v", s)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("error %q does not say %q", err, tt.substr)
			}
		})
	}
}

func TestLoadDirectoryNotes(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"pods.json":          mustRead(t, "testdata/single-pod.json"),
		"README.md":          "# saved from the incident on 14 March\n",
		"empty.yaml":         "",
		".git/config":        "[core]\n",
		".hidden/pods.json":  mustRead(t, "testdata/single-pod.json"),
		"notes/summary.yaml": "just a sentence\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "gone.json"), filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	// A link to the directory itself, below it, is not followed.
	if err := os.Symlink(dir, filepath.Join(dir, "loop.json")); err != nil {
		t.Fatal(err)
	}
	s, err := Load([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 1 {
		t.Errorf("got %d pods, want 1 (hidden directories are passed over)", len(s.Pods))
	}
	want := []string{
		filepath.Join(dir, "link.json") + ": skipped: no such file or directory",
		filepath.Join(dir, "loop.json") + ": skipped: a link to a directory is not followed",
		dir + ": ignored 1 file not named *.json, *.yaml, *.yml or logs.txt",
		filepath.Join(dir, "empty.yaml") + ": empty file",
		filepath.Join(dir, "notes/summary.yaml") + ": document 1: not a JSON or YAML object",
	}
	if !slices.Equal(s.Notes, want) {
		t.Errorf("Notes:\n%s\nwant:\n%s", strings.Join(s.Notes, "\n"), strings.Join(want, "\n"))
	}
	wantSources := []string{filepath.Join(dir, "empty.yaml"), filepath.Join(dir, "notes/summary.yaml"), filepath.Join(dir, "pods.json")}
	if !slices.Equal(s.Sources, wantSources) {
		t.Errorf("Sources = %v, want %v", s.Sources, wantSources)
	}
}

// TestLoadUTF16 reads a file as Windows PowerShell 5 saves kubectl's output:
// UTF-16 with a byte order mark.
func TestLoadUTF16(t *testing.T) {
	text := mustRead(t, "testdata/single-pod.json")
	dir := t.TempDir()
	for name, order := range map[string]binary.AppendByteOrder{"le.json": binary.LittleEndian, "be.json": binary.BigEndian} {
		data := order.AppendUint16(nil, 0xfeff)
		for _, unit := range utf16.Encode([]rune(text)) {
			data = order.AppendUint16(data, unit)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load([]string{path}, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(s.Pods) != 1 || s.Pods[0].Name != "api-7f9c8d7b5-2kq9p" || len(s.Notes) != 0 {
			t.Errorf("%s: %d pods, notes %q", name, len(s.Pods), s.Notes)
		}
	}
}

// TestLoadLinkedDirectory loads a directory through a link to it, as a path
// given on the command line often is.
func TestLoadLinkedDirectory(t *testing.T) {
	abs, err := filepath.Abs("testdata/cluster-info-dump")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "dump")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	s, err := Load([]string{link}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Kinds, dumpKinds) {
		t.Errorf("Kinds = %v, want %v", s.Kinds, dumpKinds)
	}
	if want := filepath.Join(link, "nodes.json"); !slices.Contains(s.Sources, want) {
		t.Errorf("Sources = %v, want %s among them", s.Sources, want)
	}
}

// TestLoadTypedListKindLast reads a typed list whose kind comes after its
// items, as in `kubectl cluster-info dump -o yaml` (YAML keys are sorted): the
// items, which leave out their kind, still become pods.
func TestLoadTypedListKindLast(t *testing.T) {
	asYAML, err := yaml.JSONToYAML([]byte(mustRead(t, "testdata/cluster-info-dump/shop/pods.json")))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(asYAML, []byte("apiVersion: v1\nitems:\n")) {
		t.Fatalf("the YAML does not put items before kind:\n%.200s", asYAML)
	}
	s, err := Load([]string{"-"}, bytes.NewReader(asYAML))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pods) != 4 || len(s.Notes) != 0 {
		t.Errorf("got %d pods, notes %q; want 4 pods", len(s.Pods), s.Notes)
	}
	checkTypeMeta(t, s)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
