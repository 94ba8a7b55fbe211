package snapshot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
)

// fakeAPI is a small API server over HTTP: list with limit and continue,
// get, pods/log, and refusals on demand. It records every request, so tests
// can count them and check their verbs.
type fakeAPI struct {
	t *testing.T
	// lists maps a collection path ("/api/v1/namespaces/shop/pods") to its
	// kind and items.
	lists map[string]fakeList
	// logs maps "ns/pod/container/previous" to a log.
	logs map[string]string
	// forbid maps path prefixes to refuse with 403.
	forbid []string
	// expireOnce is a collection path whose first continue token expires.
	expireOnce string
	// protobuf answers lists in Kubernetes' protobuf encoding when the
	// client accepts it, as the API server does; servedProtobuf counts them.
	protobuf       bool
	servedProtobuf int

	// waitFor holds back the answer to a path until another path was
	// asked for (or ten seconds pass, an error).
	waitFor map[string]string

	mu       sync.Mutex
	requests []string
	expired  bool
}

type fakeList struct {
	kind, apiVersion string
	items            []any
}

func newFakeAPI(t *testing.T) *fakeAPI {
	return &fakeAPI{t: t, lists: map[string]fakeList{}, logs: map[string]string{}}
}

func (f *fakeAPI) add(path, apiVersion, kind string, items ...any) {
	l := f.lists[path]
	l.kind, l.apiVersion = kind, apiVersion
	l.items = append(l.items, items...)
	f.lists[path] = l
}

func (f *fakeAPI) client() kubernetes.Interface {
	srv := httptest.NewServer(f)
	f.t.Cleanup(srv.Close)
	c, err := kubernetes.NewForConfig(&rest.Config{Host: srv.URL, QPS: -1})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fakeAPI) recorded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// awaitRequest waits until path has been asked for.
func (f *fakeAPI) awaitRequest(path string) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		for _, r := range f.recorded() {
			if strings.HasPrefix(r, "GET "+path+"?") {
				return
			}
		}
	}
	f.t.Errorf("%s was not asked for while another answer waited for it", path)
}

var logPath = regexp.MustCompile(`^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log$`)

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
	f.mu.Unlock()
	for _, p := range f.forbid {
		if strings.HasPrefix(r.URL.Path, p) {
			status(w, http.StatusForbidden, "Forbidden", fmt.Sprintf("%s is forbidden: User \"test\" cannot do it", r.URL.Path))
			return
		}
	}
	if r.Method != http.MethodGet {
		status(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "read only")
		return
	}
	if m := logPath.FindStringSubmatch(r.URL.Path); m != nil {
		q := r.URL.Query()
		log, ok := f.logs[m[1]+"/"+m[2]+"/"+q.Get("container")+"/"+q.Get("previous")]
		if !ok {
			status(w, http.StatusBadRequest, "BadRequest", "previous terminated container not found")
			return
		}
		if q.Get("tailLines") == "" || q.Get("limitBytes") == "" {
			f.t.Errorf("log request %s without tailLines and limitBytes", r.URL)
		}
		fmt.Fprint(w, log)
		return
	}
	if other, ok := f.waitFor[r.URL.Path]; ok {
		f.awaitRequest(other)
	}
	if l, ok := f.lists[r.URL.Path]; ok {
		f.serveList(w, r, l)
		return
	}
	// A GET of one object: the last path element names it.
	dir, name := r.URL.Path[:strings.LastIndex(r.URL.Path, "/")], r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	if l, ok := f.lists[dir]; ok {
		for _, item := range l.items {
			if item.(metav1.Object).GetName() == name {
				writeJSON(w, item)
				return
			}
		}
	}
	status(w, http.StatusNotFound, "NotFound", r.URL.Path+" not found")
}

func (f *fakeAPI) serveList(w http.ResponseWriter, r *http.Request, l fakeList) {
	q := r.URL.Query()
	items := l.items
	if sel := q.Get("labelSelector"); sel != "" {
		k, v, _ := strings.Cut(sel, "=")
		items = slices.DeleteFunc(slices.Clone(items), func(o any) bool { return o.(metav1.Object).GetLabels()[k] != v })
	}
	start := 0
	if c := q.Get("continue"); c != "" {
		f.mu.Lock()
		expire := r.URL.Path == f.expireOnce && !f.expired
		f.expired = f.expired || expire
		f.mu.Unlock()
		if expire {
			status(w, http.StatusGone, "Expired", "The provided continue parameter is too old to display a consistent list result.")
			return
		}
		start, _ = strconv.Atoi(c)
	}
	end := len(items)
	if lim, _ := strconv.Atoi(q.Get("limit")); lim > 0 && start+lim < end {
		end = start + lim
	}
	meta := map[string]any{"resourceVersion": "7"}
	if end < len(items) {
		meta["continue"] = strconv.Itoa(end)
	}
	list := map[string]any{"kind": l.kind + "List", "apiVersion": l.apiVersion, "metadata": meta, "items": items[start:end]}
	if f.protobuf && strings.Contains(r.Header.Get("Accept"), "application/vnd.kubernetes.protobuf") {
		f.writeProtobuf(w, list)
		return
	}
	writeJSON(w, list)
}

// writeProtobuf answers a list as the API server does in protobuf: the
// typed list through apimachinery's protobuf serializer.
func (f *fakeAPI) writeProtobuf(w http.ResponseWriter, list map[string]any) {
	data, err := json.Marshal(list)
	if err != nil {
		f.t.Fatal(err)
	}
	obj, gvk, err := scheme.Codecs.UniversalDeserializer().Decode(data, nil, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	obj.GetObjectKind().SetGroupVersionKind(*gvk)
	w.Header().Set("Content-Type", "application/vnd.kubernetes.protobuf")
	if err := protobuf.NewSerializer(scheme.Scheme, scheme.Scheme).Encode(obj, w); err != nil {
		f.t.Fatal(err)
	}
	f.mu.Lock()
	f.servedProtobuf++
	f.mu.Unlock()
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func status(w http.ResponseWriter, code int, reason, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure, Code: int32(code), Reason: metav1.StatusReason(reason), Message: msg,
	})
}

var isController = true

func owned(kind, name, uid string) []metav1.OwnerReference {
	return []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: kind, Name: name, UID: types.UID(uid), Controller: &isController}}
}

func healthyPod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-" + name), Labels: map[string]string{"app": "ok"}},
		Spec:       corev1.PodSpec{NodeName: "node-1", Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27"}}},
		Status: corev1.PodStatus{
			Phase:             corev1.PodRunning,
			Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", Ready: true, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}},
		},
	}
}

func crashingPod(ns, name string, owners []metav1.OwnerReference) *corev1.Pod {
	p := healthyPod(ns, name)
	p.Labels = map[string]string{"app": "web"}
	p.OwnerReferences = owners
	p.Status.Conditions[0].Status = corev1.ConditionFalse
	p.Status.ContainerStatuses = []corev1.ContainerStatus{{
		Name: "app", RestartCount: 4,
		State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error"}},
	}}
	return p
}

// liveFixture is a namespace with healthy pods and one crash-looping pod of
// a Deployment.
func liveFixture(t *testing.T, healthy int) *fakeAPI {
	f := newFakeAPI(t)
	for i := range healthy {
		f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", healthyPod("shop", fmt.Sprintf("ok-%03d", i)))
	}
	f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", crashingPod("shop", "web-1", owned("ReplicaSet", "web-5d8f", "uid-rs")))
	f.add("/api/v1/namespaces/shop/events", "v1", "Event", &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Namespace: "shop", Name: "web-1.1", UID: "uid-ev"},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "shop", Name: "web-1", UID: "uid-web-1"},
		Type:           corev1.EventTypeWarning, Reason: "BackOff", Message: "Back-off restarting failed container app",
	})
	f.add("/apis/apps/v1/namespaces/shop/replicasets", "apps/v1", "ReplicaSet", &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web-5d8f", UID: "uid-rs", Labels: map[string]string{"app": "web"}, OwnerReferences: owned("Deployment", "web", "uid-deploy")},
	})
	f.add("/apis/apps/v1/namespaces/shop/deployments", "apps/v1", "Deployment", &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web", UID: "uid-deploy", Labels: map[string]string{"app": "web"}},
	})
	f.add("/apis/apps/v1/namespaces/shop/statefulsets", "apps/v1", "StatefulSet")
	f.add("/apis/apps/v1/namespaces/shop/daemonsets", "apps/v1", "DaemonSet")
	f.add("/apis/batch/v1/namespaces/shop/jobs", "batch/v1", "Job")
	f.add("/apis/batch/v1/namespaces/shop/cronjobs", "batch/v1", "CronJob")
	f.add("/api/v1/nodes", "v1", "Node", &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1", UID: "uid-node"}})
	f.logs["shop/web-1/app/true"] = "starting\npanic: no DATABASE_URL\n"
	return f
}

// paths are the request paths without queries.
func paths(requests []string) []string {
	var out []string
	for _, r := range requests {
		p, _, _ := strings.Cut(r, "?")
		out = append(out, p)
	}
	return out
}

func TestLiveReadsPagesOwnersNodesAndLogs(t *testing.T) {
	f := liveFixture(t, 11)
	captured := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	var progress []LiveProgress
	snap, err := Live(context.Background(), f.client(), LiveOptions{
		Namespace: "shop", PageSize: 5, MaxLogs: 10,
		Now:      func() time.Time { return captured },
		Progress: func(p LiveProgress) { progress = append(progress, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	requests := f.recorded()
	// Pods and events are listed side by side: the first four requests
	// are the three pod pages, in order, and the one event page.
	var podPages []string
	for _, r := range requests[:4] {
		if strings.HasPrefix(r, "GET /api/v1/namespaces/shop/pods?") {
			podPages = append(podPages, r)
		}
	}
	if got := paths(requests[:4]); len(podPages) != 3 || !slices.Contains(got, "GET /api/v1/namespaces/shop/events") {
		t.Errorf("first requests = %q, want three pod pages and the event list", requests[:4])
	}
	// The rest run in parallel; compare them as a set.
	rest := paths(requests[4:])
	slices.Sort(rest)
	wantRest := []string{
		"GET /api/v1/namespaces/shop/pods/web-1/log",
		"GET /api/v1/nodes",
		"GET /apis/apps/v1/namespaces/shop/deployments",
		"GET /apis/apps/v1/namespaces/shop/replicasets",
	}
	if !slices.Equal(rest, wantRest) {
		t.Errorf("owner, node and log requests = %q, want %q", rest, wantRest)
	}
	if len(podPages) == 3 && (!strings.Contains(podPages[0], "limit=5") || !strings.Contains(podPages[1], "continue=5") || !strings.Contains(podPages[2], "continue=10")) {
		t.Errorf("pod pages were not limited and continued in order: %q", podPages)
	}
	// Every list starts at any version (the server's cache) and its
	// later pages name none: their continue token carries it.
	for _, r := range requests {
		if strings.HasSuffix(paths([]string{r})[0], "/log") {
			continue
		}
		if first := !strings.Contains(r, "continue="); first != strings.Contains(r, "resourceVersion=0") || strings.Count(r, "resourceVersion=") > 1 {
			t.Errorf("request %q: a list's first page must ask for resourceVersion=0, and its later pages for none", r)
		}
	}
	if len(snap.Pods) != 12 || snap.Kinds["Pod"] != 12 || len(snap.Events) != 1 || len(snap.ReplicaSets) != 1 || len(snap.Deployments) != 1 || len(snap.Nodes) != 1 {
		t.Errorf("read %d pods, %d events, %d replicasets, %d deployments, %d nodes; kinds %v", len(snap.Pods), len(snap.Events), len(snap.ReplicaSets), len(snap.Deployments), len(snap.Nodes), snap.Kinds)
	}
	if _, listed := snap.Kinds["StatefulSet"]; listed {
		t.Errorf("StatefulSets were listed though nothing needs them: kinds %v", snap.Kinds)
	}
	if snap.Pods[0].Kind != "Pod" || snap.Pods[0].APIVersion != "v1" || snap.ReplicaSets[0].Kind != "ReplicaSet" || snap.Nodes[0].Kind != "Node" {
		t.Errorf("TypeMeta not set: %v %v %v", snap.Pods[0].TypeMeta, snap.ReplicaSets[0].TypeMeta, snap.Nodes[0].TypeMeta)
	}
	if e := snap.Events[0]; e.Count != 1 || e.Kind != "Event" {
		t.Errorf("event not normalized: count %d, %v", e.Count, e.TypeMeta)
	}
	key := ContainerKey{Namespace: "shop", Pod: "web-1", Container: "app", Previous: true}
	if got := snap.Logs[key]; got != "starting\npanic: no DATABASE_URL\n" {
		t.Errorf("log of %v = %q", key, got)
	}
	if !snap.CapturedAt.Equal(captured) {
		t.Errorf("CapturedAt = %v, want %v", snap.CapturedAt, captured)
	}
	if len(snap.Notes) != 0 {
		t.Errorf("notes = %q, want none", snap.Notes)
	}
	if last := progress[len(progress)-1]; last.Requests != len(requests) {
		t.Errorf("progress counted %d requests, the server saw %d", last.Requests, len(requests))
	}
	for _, r := range requests {
		if !strings.HasPrefix(r, "GET ") {
			t.Errorf("sent %s, want only GETs", r)
		}
	}
}

func TestLiveHealthyNamespaceListsOnlyPodsAndEvents(t *testing.T) {
	f := newFakeAPI(t)
	f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", healthyPod("shop", "a"), healthyPod("shop", "b"))
	f.add("/api/v1/namespaces/shop/events", "v1", "Event")
	snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", MaxLogs: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := paths(f.recorded())
	slices.Sort(got) // listed side by side, in either order
	if !slices.Equal(got, []string{"GET /api/v1/namespaces/shop/events", "GET /api/v1/namespaces/shop/pods"}) {
		t.Errorf("requests = %q, want one pod list and one event list", got)
	}
	if len(snap.Pods) != 2 || snap.Kinds["Event"] != 0 {
		t.Errorf("pods %d, kinds %v", len(snap.Pods), snap.Kinds)
	}
	if _, ok := snap.Kinds["Event"]; !ok {
		t.Errorf("kinds %v lack Event, which was listed", snap.Kinds)
	}
}

// TestLiveRequestBound checks the promise of few requests: however many pods
// fail, of however many kinds, pod pages + event pages + at most six lists,
// plus the logs asked for.
func TestLiveRequestBound(t *testing.T) {
	f := newFakeAPI(t)
	kinds := []string{"ReplicaSet", "StatefulSet", "DaemonSet", "Job"}
	for i := range 40 {
		kind := kinds[i%len(kinds)]
		f.add("/api/v1/namespaces/shop/pods", "v1", "Pod", crashingPod("shop", fmt.Sprintf("p-%02d", i), owned(kind, "o-"+kind, "uid-"+kind)))
		f.logs[fmt.Sprintf("shop/p-%02d/app/true", i)] = "boom\n"
	}
	for _, kind := range []string{"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Node"} {
		f.add("/api/v1/namespaces/shop/events", "v1", "Event", &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Namespace: "shop", Name: "e-" + kind},
			InvolvedObject: corev1.ObjectReference{Kind: kind, Namespace: "shop", Name: "o-" + kind, UID: types.UID("uid-" + kind)},
			Type:           corev1.EventTypeWarning, Reason: "FailedCreate",
		})
	}
	f.add("/apis/apps/v1/namespaces/shop/replicasets", "apps/v1", "ReplicaSet", &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "o-ReplicaSet", UID: "uid-ReplicaSet", OwnerReferences: owned("Deployment", "d", "uid-d")},
	})
	f.add("/apis/apps/v1/namespaces/shop/deployments", "apps/v1", "Deployment")
	f.add("/apis/apps/v1/namespaces/shop/statefulsets", "apps/v1", "StatefulSet")
	f.add("/apis/apps/v1/namespaces/shop/daemonsets", "apps/v1", "DaemonSet")
	f.add("/apis/batch/v1/namespaces/shop/jobs", "batch/v1", "Job", &batchv1.Job{
		ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "o-Job", UID: "uid-Job", OwnerReferences: owned("CronJob", "c", "uid-c")},
	})
	f.add("/api/v1/nodes", "v1", "Node")
	const pageSize, maxLogs = 10, 7
	snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", PageSize: pageSize, MaxLogs: maxLogs})
	if err != nil {
		t.Fatal(err)
	}
	var lists, logs int
	for _, p := range paths(f.recorded()) {
		if strings.HasSuffix(p, "/log") {
			logs++
		} else {
			lists++
		}
	}
	podPages, eventPages := 4, 1
	if lists > podPages+eventPages+6 {
		t.Errorf("%d list requests, want at most %d pod pages + %d event page + 6", lists, podPages, eventPages)
	}
	if logs != maxLogs || len(snap.Logs) != maxLogs {
		t.Errorf("%d log requests and %d logs kept, want %d", logs, len(snap.Logs), maxLogs)
	}
	if _, listed := snap.Kinds["CronJob"]; listed {
		t.Errorf("CronJobs were listed; no diagnosis reads them")
	}
}

func TestLiveRestartsAnExpiredList(t *testing.T) {
	f := liveFixture(t, 6)
	f.expireOnce = "/api/v1/namespaces/shop/pods"
	snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", PageSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Pods) != 7 {
		t.Errorf("read %d pods after the restart, want 7 (no duplicates, none lost)", len(snap.Pods))
	}
	var pods []string
	for _, r := range f.recorded() {
		if strings.HasPrefix(r, "GET /api/v1/namespaces/shop/pods?") {
			pods = append(pods, r)
		}
	}
	// page 1, page 2 expired, then pages 1, 2, 3 again.
	if len(pods) != 5 || strings.Contains(pods[2], "continue") {
		t.Errorf("pod requests = %q, want a first page, an expired second, and a fresh list of three pages", pods)
	}
}

func TestLivePermissions(t *testing.T) {
	tests := []struct {
		name   string
		forbid string
		want   string // in the one note
		lacks  func(*Snapshot) bool
	}{
		{"events", "/api/v1/namespaces/shop/events", `could not list events in namespace "shop": forbidden, needs RBAC permission "list" on "events" in namespace "shop"`,
			func(s *Snapshot) bool { return len(s.Events) == 0 }},
		{"replicasets", "/apis/apps/v1/namespaces/shop/replicasets", `needs RBAC permission "list" on "replicasets" in namespace "shop"`,
			func(s *Snapshot) bool { return len(s.ReplicaSets) == 0 }},
		{"nodes", "/api/v1/nodes", `could not list nodes (cluster-scoped): forbidden, needs RBAC permission "list" on "nodes" (cluster-scoped)`,
			func(s *Snapshot) bool { return len(s.Nodes) == 0 }},
		{"logs", "/api/v1/namespaces/shop/pods/web-1/log", `could not read the logs of 1 container (shop/web-1/app): forbidden, needs RBAC permission "get" on "pods/log" in namespace "shop"`,
			func(s *Snapshot) bool { return len(s.Logs) == 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := liveFixture(t, 2)
			f.forbid = []string{tt.forbid}
			snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", MaxLogs: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Notes) != 1 || !strings.Contains(snap.Notes[0], tt.want) {
				t.Errorf("notes = %q, want one containing %q", snap.Notes, tt.want)
			}
			if !tt.lacks(snap) || len(snap.Pods) != 3 {
				t.Errorf("partial result wrong: %d pods, kinds %v, %d logs", len(snap.Pods), snap.Kinds, len(snap.Logs))
			}
		})
	}
	t.Run("pods", func(t *testing.T) {
		f := liveFixture(t, 2)
		f.forbid = []string{"/api/v1/pods"}
		_, err := Live(context.Background(), f.client(), LiveOptions{})
		var perm *PermissionError
		if !errors.As(err, &perm) || perm.Verb != "list" || perm.Resource != "pods" || perm.Namespace != "" {
			t.Fatalf("err = %v, want a PermissionError for list pods in all namespaces", err)
		}
		if !strings.Contains(err.Error(), `cannot list pods in all namespaces: forbidden: needs RBAC permission "list" on "pods" in all namespaces`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestLiveNamedPodsAndSelector(t *testing.T) {
	f := liveFixture(t, 3)
	snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", Pods: []string{"web-1", "ok-001"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Pods) != 2 || snap.Pods[0].Name != "web-1" || snap.Pods[1].Name != "ok-001" || snap.Pods[0].Kind != "Pod" {
		t.Errorf("pods = %v", snap.Pods)
	}
	// The named pods are got in order, beside the event list.
	var gets []string
	for _, r := range paths(f.recorded())[:3] {
		if r != "GET /api/v1/namespaces/shop/events" {
			gets = append(gets, r)
		}
	}
	if !slices.Equal(gets, []string{"GET /api/v1/namespaces/shop/pods/web-1", "GET /api/v1/namespaces/shop/pods/ok-001"}) {
		t.Errorf("requests = %q", f.recorded())
	}
	if _, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", Pods: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), `pod "nope" not found in namespace "shop"`) {
		t.Errorf("missing pod: err = %v", err)
	}
	if _, err := Live(context.Background(), f.client(), LiveOptions{Pods: []string{"web-1"}}); err == nil {
		t.Errorf("a pod name without a namespace was accepted")
	}

	f = liveFixture(t, 3)
	snap, err = Live(context.Background(), f.client(), LiveOptions{Namespace: "shop", LabelSelector: "app=web"})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Pods) != 1 || snap.Pods[0].Name != "web-1" {
		t.Errorf("selected pods = %d", len(snap.Pods))
	}
	for _, r := range f.recorded() {
		if strings.Contains(r, "/replicasets?") && !strings.Contains(r, "labelSelector=app%3Dweb") {
			t.Errorf("owners listed without the selector: %s", r)
		}
	}
}

func TestLiveLogTargets(t *testing.T) {
	oom := healthyPod("shop", "oom")
	oom.Status.ContainerStatuses[0] = corev1.ContainerStatus{Name: "app", RestartCount: 1,
		State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
		LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}}}
	failed := healthyPod("shop", "failed")
	failed.Status.Phase = corev1.PodFailed
	failed.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: "init", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 2}}}}
	pulling := healthyPod("shop", "pulling")
	pulling.Status.ContainerStatuses[0].State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff"}}
	snap := &Snapshot{Pods: []corev1.Pod{*healthyPod("shop", "ok"), *crashingPod("shop", "crash", nil), *oom, *failed, *pulling}}
	n := newLiveNeeds(snap)
	var got []string
	for _, t := range n.logTargets(10) {
		got = append(got, fmt.Sprintf("%s/%s previous=%v", t.key.Pod, t.key.Container, t.key.Previous))
	}
	want := []string{"crash/app previous=true", "oom/app previous=true", "failed/init previous=false"}
	if !slices.Equal(got, want) {
		t.Errorf("log targets = %q, want %q", got, want)
	}
	if got := n.logTargets(2); len(got) != 2 {
		t.Errorf("logTargets(2) gave %d", len(got))
	}
	if got := n.logTargets(0); len(got) != 0 {
		t.Errorf("logTargets(0) gave %d", len(got))
	}
	if len(n.unhealthy) != 4 {
		t.Errorf("unhealthy = %v, want every pod but the healthy one", n.unhealthy)
	}
}

// TestLiveListsDeploymentsBesideReplicaSets: Deployments are asked for
// at once with the ReplicaSets a failing pod needs, not after them, and
// kept only when a needed ReplicaSet belongs to one.
func TestLiveListsDeploymentsBesideReplicaSets(t *testing.T) {
	for _, ownedByDeployment := range []bool{true, false} {
		t.Run(fmt.Sprintf("owned=%v", ownedByDeployment), func(t *testing.T) {
			f := liveFixture(t, 2)
			rs := f.lists["/apis/apps/v1/namespaces/shop/replicasets"].items[0].(*appsv1.ReplicaSet)
			if !ownedByDeployment {
				rs.OwnerReferences = nil
			}
			// The ReplicaSets answer only once the Deployments were asked for.
			f.waitFor = map[string]string{"/apis/apps/v1/namespaces/shop/replicasets": "/apis/apps/v1/namespaces/shop/deployments"}
			snap, err := Live(context.Background(), f.client(), LiveOptions{Namespace: "shop"})
			if err != nil {
				t.Fatal(err)
			}
			_, kept := snap.Kinds["Deployment"]
			if kept != ownedByDeployment || (len(snap.Deployments) == 1) != ownedByDeployment {
				t.Errorf("kept %d Deployments (kinds %v), want them kept only when the ReplicaSet belongs to one", len(snap.Deployments), snap.Kinds)
			}
			if len(snap.ReplicaSets) != 1 || len(snap.Notes) != 0 {
				t.Errorf("%d ReplicaSets, notes %q", len(snap.ReplicaSets), snap.Notes)
			}
		})
	}
}
