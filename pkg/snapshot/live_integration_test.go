package snapshot_test

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"

	"github.com/poddoctor/poddoctor/internal/apiservertest"
	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

func TestMain(m *testing.M) { os.Exit(apiservertest.Main(m)) }

// recorder is a transport that records every request it sends.
type recorder struct {
	next     http.RoundTripper
	mu       sync.Mutex
	requests []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.requests = append(r.requests, req.Method+" "+req.URL.Path)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) sent() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// recordingClient is a client for token whose requests rec records.
func recordingClient(t *testing.T, srv *apiservertest.Server, token string) (kubernetes.Interface, *recorder) {
	t.Helper()
	rec := &recorder{}
	cfg := srv.Config(token)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
		rec.next = rt
		return rec
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return client, rec
}

// waitForWatchCache waits until the API server's watch cache has seen
// every write to the namespace's pods: Live reads them at resourceVersion
// 0, from that cache, which lags etcd by the moment it takes to see a
// write; the offline diagnosis it is compared with reads them consistently.
func waitForWatchCache(t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	ctx := context.Background()
	versions := func(opts metav1.ListOptions) map[string]string {
		l, err := client.CoreV1().Pods(ns).List(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, p := range l.Items {
			out[p.Name] = p.ResourceVersion
		}
		return out
	}
	want := versions(metav1.ListOptions{})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if maps.Equal(versions(metav1.ListOptions{ResourceVersion: "0"}), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the API server's watch cache did not catch up with its pods in 10 s")
		}
	}
}

// TestLiveAgainstAPIServer runs the live source against a real
// kube-apiserver and etcd, with the kubelet, scheduler and controllers
// played by apiservertest.NewScene.
func TestLiveAgainstAPIServer(t *testing.T) {
	srv := apiservertest.Shared(t)
	ctx := context.Background()
	admin, err := kubernetes.NewForConfig(srv.Config(apiservertest.AdminToken))
	if err != nil {
		t.Fatal(err)
	}
	const ns, healthy, pageSize = "shop", 12, 2
	scene, err := apiservertest.NewScene(ctx, admin, ns, "worker-1", healthy)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(scene.Close)
	now := time.Now()
	d, err := diagnose.New(ctx, diagnose.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	filter := diagnose.Filter{Namespace: ns}

	waitForWatchCache(t, admin, ns)
	client, rec := recordingClient(t, srv, apiservertest.AdminToken)
	live, err := snapshot.Live(ctx, client, snapshot.LiveOptions{Namespace: ns, PageSize: pageSize, MaxLogs: 10})
	if err != nil {
		t.Fatal(err)
	}
	liveRes, err := d.Diagnose(ctx, live, filter)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("findings equal the offline diagnosis of the same objects", func(t *testing.T) {
		saved := saveList(t, admin, ns)
		offline, err := snapshot.Load([]string{saved}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Logs are not in a kubectl get List; give the offline run the same.
		offline.Logs = live.Logs
		offlineRes, err := d.Diagnose(ctx, offline, filter)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(offlineRes.Findings, liveRes.Findings); diff != "" {
			t.Errorf("live findings differ from offline (-offline +live):\n%s", diff)
		}
		if len(live.Notes) != 0 {
			t.Errorf("notes = %q, want none for an admin", live.Notes)
		}
	})

	t.Run("the failures are found, with the log tail as evidence", func(t *testing.T) {
		want := map[string]string{
			"Pod/" + scene.CrashPod:   "crash-loop",
			"Pod/" + scene.PullPod:    "image-typo",
			"Pod/" + scene.PendingPod: "unschedulable-resources",
			"Deployment/api":          "rollout-stuck",
		}
		got := map[string][]string{}
		for _, f := range liveRes.Findings {
			key := f.Object.Kind + "/" + f.Object.Name
			got[key] = append(got[key], f.Rule)
		}
		for object, rule := range want {
			if !slices.Contains(got[object], rule) {
				t.Errorf("%s: rules %q, want %s among them", object, got[object], rule)
			}
		}
		if len(got) != len(want) {
			t.Errorf("findings on %d objects, want %d: %v", len(got), len(want), got)
		}
		crash := findingOf(liveRes.Findings, scene.CrashPod, "crash-loop")
		if crash == nil || !strings.Contains(strings.Join(crash.Evidence, "\n"), "panic: DATABASE_URL is not set") {
			t.Errorf("crash-loop evidence lacks the previous log's tail: %+v", crash)
		}
		logs := scene.LogRequests()
		if len(logs) != 1 || !strings.Contains(logs[0], "previous=true") || !strings.Contains(logs[0], "tailLines=50") || !strings.Contains(logs[0], "limitBytes=65536") {
			t.Errorf("kubelet log requests = %q, want one for the previous container, with tailLines and limitBytes", logs)
		}
	})

	t.Run("pages, few requests, only GETs", func(t *testing.T) {
		if len(live.Pods) != scene.Pods {
			t.Errorf("read %d pods, want %d", len(live.Pods), scene.Pods)
		}
		counts := map[string]int{}
		for _, r := range rec.sent() {
			method, path, _ := strings.Cut(r, " ")
			if method != http.MethodGet {
				t.Errorf("sent %s, want only GETs", r)
			}
			counts[path]++
		}
		podPages := counts["/api/v1/namespaces/shop/pods"]
		eventPages := counts["/api/v1/namespaces/shop/events"]
		// Lists start at resourceVersion 0: the API server answers the
		// pods from its watch cache, which ignores the limit and sends
		// them in one page; it keeps no cache of events (its default), so
		// they come from etcd, paged by the limit and continued.
		if podPages != 1 {
			t.Errorf("%d pod pages, want 1 (%d pods from the watch cache)", podPages, scene.Pods)
		}
		if events, want := live.Kinds["Event"], (live.Kinds["Event"]+pageSize-1)/pageSize; events <= pageSize || eventPages != want {
			t.Errorf("%d event pages for %d events, want %d (%d a page; the scene must have more than one page of them)", eventPages, events, want, pageSize)
		}
		total, logs := 0, 0
		for path, n := range counts {
			if strings.HasSuffix(path, "/log") {
				logs += n
			} else {
				total += n
			}
		}
		t.Logf("requests: %d pod pages, %d event pages, %d in all but %d log reads: %v", podPages, eventPages, total, logs, counts)
		if total > podPages+eventPages+5 {
			t.Errorf("%d list requests, want at most pod pages + event pages + 5 = %d", total, podPages+eventPages+5)
		}
		for _, kind := range []string{"statefulsets", "daemonsets", "jobs", "cronjobs"} {
			for path := range counts {
				if strings.HasSuffix(path, "/"+kind) {
					t.Errorf("listed %s, which no pod or event here needs", kind)
				}
			}
		}
	})

	rbac, err := apiservertest.LoadRBAC(filepath.Join("..", "..", "docs", "rbac.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	role, nodes := rbac.Roles["poddoctor"].Rules, rbac.ClusterRoles["poddoctor-node-reader"].Rules
	if role == nil || nodes == nil || rbac.ClusterRoles["poddoctor"].Rules == nil {
		t.Fatalf("docs/rbac.yaml lacks the Role poddoctor or the ClusterRoles poddoctor and poddoctor-node-reader")
	}

	restricted := func(t *testing.T, user string, rules []rbacRules) *snapshot.Snapshot {
		t.Helper()
		for _, r := range rules {
			var err error
			if r.cluster {
				err = apiservertest.GrantClusterRole(ctx, admin, "test-"+user+"-"+r.name, user, r.rules)
			} else {
				err = apiservertest.GrantRole(ctx, admin, ns, "test-"+user+"-"+r.name, user, r.rules)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		client, rec := recordingClient(t, srv, apiservertest.Token(user))
		snap, err := snapshot.Live(ctx, client, snapshot.LiveOptions{Namespace: ns, PageSize: pageSize, MaxLogs: 10})
		for _, r := range rec.sent() {
			if !strings.HasPrefix(r, "GET ") {
				t.Errorf("sent %s, want only GETs", r)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return snap
	}

	t.Run("docs/rbac.yaml Role and node reader read everything", func(t *testing.T) {
		snap := restricted(t, "restricted-1", []rbacRules{{"role", role, false}, {"nodes", nodes, true}})
		if len(snap.Notes) != 0 {
			t.Errorf("notes = %q, want none", snap.Notes)
		}
		res, err := d.Diagnose(ctx, snap, filter)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(liveRes.Findings, res.Findings); diff != "" {
			t.Errorf("findings differ from the admin's (-admin +restricted):\n%s", diff)
		}
	})

	t.Run("docs/rbac.yaml ClusterRole reads the whole cluster", func(t *testing.T) {
		if err := apiservertest.GrantClusterRole(ctx, admin, "test-restricted-5", "restricted-5", rbac.ClusterRoles["poddoctor"].Rules); err != nil {
			t.Fatal(err)
		}
		client, rec := recordingClient(t, srv, apiservertest.Token("restricted-5"))
		snap, err := snapshot.Live(ctx, client, snapshot.LiveOptions{MaxLogs: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Notes) != 0 || len(snap.Logs) != 1 || len(snap.Nodes) == 0 {
			t.Errorf("notes %q, %d logs, %d nodes; want no note, the crashed container's log and the nodes", snap.Notes, len(snap.Logs), len(snap.Nodes))
		}
		for _, r := range rec.sent() {
			if strings.Contains(r, "/namespaces/") && !strings.HasSuffix(r, "/log") {
				t.Errorf("a whole-cluster run sent a namespaced list: %s", r)
			}
		}
		res, err := d.Diagnose(ctx, snap, filter)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(liveRes.Findings, res.Findings); diff != "" {
			t.Errorf("findings in %s differ from the admin's namespaced run (-admin +restricted):\n%s", ns, diff)
		}
	})

	t.Run("a Role that cannot list events gives partial results and one note", func(t *testing.T) {
		rules := apiservertest.Without(apiservertest.Without(role, "", "events"), "events.k8s.io", "events")
		snap := restricted(t, "restricted-2", []rbacRules{{"role", rules, false}, {"nodes", nodes, true}})
		want := `could not list events in namespace "shop": forbidden, needs RBAC permission "list" on "events" in namespace "shop"`
		if len(snap.Notes) != 1 || !strings.Contains(snap.Notes[0], want) {
			t.Errorf("notes = %q, want one containing %q", snap.Notes, want)
		}
		res, err := d.Diagnose(ctx, snap, filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Pods) != scene.Pods || findingOf(res.Findings, scene.CrashPod, "crash-loop") == nil {
			t.Errorf("partial result lacks the pods or the crash loop their status shows: %d pods, findings %v", len(snap.Pods), res.Findings)
		}
	})

	t.Run("a Role that cannot read logs gives one note", func(t *testing.T) {
		snap := restricted(t, "restricted-3", []rbacRules{{"role", apiservertest.Without(role, "", "pods/log"), false}, {"nodes", nodes, true}})
		want := `could not read the logs of 1 container (shop/` + scene.CrashPod + `/api): forbidden, needs RBAC permission "get" on "pods/log" in namespace "shop"`
		if len(snap.Notes) != 1 || !strings.Contains(snap.Notes[0], want) {
			t.Errorf("notes = %q, want one containing %q", snap.Notes, want)
		}
		if len(snap.Logs) != 0 || len(snap.Events) == 0 {
			t.Errorf("%d logs, %d events; want no log and every event", len(snap.Logs), len(snap.Events))
		}
	})

	t.Run("a user who cannot list pods gets an error naming the permission", func(t *testing.T) {
		client, _ := recordingClient(t, srv, apiservertest.Token("restricted-4"))
		_, err := snapshot.Live(ctx, client, snapshot.LiveOptions{Namespace: ns})
		var perm *snapshot.PermissionError
		if !errors.As(err, &perm) || perm.Verb != "list" || perm.Resource != "pods" || perm.Namespace != ns {
			t.Fatalf("err = %v, want a PermissionError for list pods in %s", err, ns)
		}
		if !strings.Contains(err.Error(), `cannot list pods in namespace "shop": forbidden: needs RBAC permission "list" on "pods" in namespace "shop"`) {
			t.Errorf("err = %v", err)
		}
	})
}

type rbacRules struct {
	name    string
	rules   []rbacv1.PolicyRule
	cluster bool
}

// saveList saves what `kubectl get pods,events,events.events.k8s.io,
// replicasets,deployments,nodes -o json` would, as one List file.
func saveList(t *testing.T, client kubernetes.Interface, ns string) string {
	t.Helper()
	ctx := context.Background()
	var items []runtime.Object
	add := func(apiVersion, kind string, list runtime.Object, err error) {
		if err != nil {
			t.Fatal(err)
		}
		objs, err := meta.ExtractList(list)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objs {
			o.GetObjectKind().SetGroupVersionKind(schema.FromAPIVersionAndKind(apiVersion, kind))
			items = append(items, o)
		}
	}
	opts := metav1.ListOptions{}
	pods, err := client.CoreV1().Pods(ns).List(ctx, opts)
	add("v1", "Pod", pods, err)
	events, err := client.CoreV1().Events(ns).List(ctx, opts)
	add("v1", "Event", events, err)
	newEvents, err := client.EventsV1().Events(ns).List(ctx, opts)
	add("events.k8s.io/v1", "Event", newEvents, err)
	rs, err := client.AppsV1().ReplicaSets(ns).List(ctx, opts)
	add("apps/v1", "ReplicaSet", rs, err)
	deployments, err := client.AppsV1().Deployments(ns).List(ctx, opts)
	add("apps/v1", "Deployment", deployments, err)
	nodes, err := client.CoreV1().Nodes().List(ctx, opts)
	add("v1", "Node", nodes, err)
	data, err := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "saved.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func findingOf(findings []finding.Finding, object, rule string) *finding.Finding {
	for i := range findings {
		if findings[i].Object.Name == object && findings[i].Rule == rule {
			return &findings[i]
		}
	}
	return nil
}
