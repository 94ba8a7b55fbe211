package snapshot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
)

// LiveOptions say what Live reads. The zero value reads every pod of the
// cluster and no logs.
type LiveOptions struct {
	// Namespace scopes every namespaced list; "" reads all namespaces.
	Namespace string
	// Pods names the pods to read, each with one GET, in Namespace (which
	// must be set then). Empty reads every pod of the scope.
	Pods []string
	// LabelSelector narrows the pods, and the workloads listed for them, to
	// those whose labels match ("app=web,tier!=db"). It cannot be combined
	// with Pods.
	LabelSelector string

	// PageSize is the limit of each list request; 0 means 5,000 (see
	// defaultPageSize).
	PageSize int64

	// MaxLogs is the most containers whose log tail is read: crash-looping,
	// failed and OOM-killed containers of unhealthy pods, in pod order. 0
	// reads no log.
	MaxLogs int
	// LogLines is the tail of each log read, in lines; 0 means 50.
	// LogTailBytes bounds it as well.
	LogLines int64
	// LogConcurrency bounds the log requests in flight; 0 means 10.
	LogConcurrency int

	// Progress, when set, is called after every request, and every
	// progressEvery items of a long page, with what has been read so far, from one goroutine at a time. A terminal progress line is
	// its intended use; it must not block.
	Progress func(LiveProgress)
	// Source describes the cluster for Snapshot.Sources, for example
	// "cluster https://10.0.0.1:6443 (context prod)"; "live cluster" when
	// empty.
	Source string
	// Now is the clock CapturedAt is read from; nil means time.Now.
	Now func() time.Time
}

// LiveProgress is what Live has done so far.
type LiveProgress struct {
	// Stage is what is being read: "pods", "events", "replicasets",
	// "deployments", "statefulsets", "daemonsets", "jobs", "nodes", "logs".
	Stage string
	// Read counts the objects (or logs) of this stage read so far.
	Read int
	// Requests counts every request sent so far, all stages together.
	Requests int
}

// PermissionError is a request the API server refused (403 Forbidden): the
// credentials in use lack an RBAC permission. Live returns it when the pods
// themselves cannot be read; other refusals become notes.
type PermissionError struct {
	Verb      string // "list", "get"
	Resource  string // "pods", "pods/log"
	Namespace string // "" for all namespaces or a cluster-scoped resource
	Err       error  // the API server's answer
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("cannot %s %s%s: forbidden: needs RBAC permission %q on %q%s (docs/rbac.yaml has the minimal Role and ClusterRole): %v",
		e.Verb, e.Resource, scopeText(e.Namespace), e.Verb, e.Resource, scopeText(e.Namespace), e.Err)
}

func (e *PermissionError) Unwrap() error { return e.Err }

// scopeText spells a namespace for messages.
func scopeText(namespace string) string {
	if namespace == "" {
		return " in all namespaces"
	}
	return fmt.Sprintf(" in namespace %q", namespace)
}

const (
	// defaultPageSize is ten times kubectl's 500. Pages are read as
	// streams (live_pages.go), so their size costs no memory here; and a
	// list the API server takes from etcd (events: it keeps no cache of
	// them by default) costs etcd more per page the more of the
	// collection is left after it: 50,000 events cost etcd 1.6 to 2.4
	// CPU-seconds in pages of 500 and 0.3 to 0.6 in pages of 5,000
	// (docs/PERFORMANCE.md, live mode).
	defaultPageSize = 5000
	defaultLogLines = 50
	// defaultLogConcurrency lets the CLI's default of 10 log tails go out
	// at once: each is a small answer the API server relays from a
	// kubelet, and waves of 4 put three round trips end to end.
	defaultLogConcurrency = 10
)

// Live reads a Snapshot from the API server behind client, read-only: it
// sends only get and list requests, and reads pods/log.
//
// The requests are few whatever the cluster size: pods listed in pages (or
// one GET per named pod), events listed once for the scope in pages, then the
// owners and nodes the unhealthy pods and the warning events need, each kind
// listed once (see liveNeeds), and at most MaxLogs log tails. A continue
// token that expired while paging (410 Gone) restarts that list once.
//
// A pod list (or get) that fails is an error; a refused one is a
// *PermissionError naming the verb, resource and namespace. Events, owners,
// nodes and logs that cannot be read leave the Snapshot partial, with one
// note each in Notes saying what is missing and which permission would read
// it.
func Live(ctx context.Context, client kubernetes.Interface, opts LiveOptions) (*Snapshot, error) {
	if len(opts.Pods) > 0 && opts.Namespace == "" {
		return nil, errors.New("read pods by name: a namespace is needed (pods cannot be named across all namespaces)")
	}
	if len(opts.Pods) > 0 && opts.LabelSelector != "" {
		return nil, errors.New("read pods: give pod names or a label selector, not both")
	}
	r := &liveRun{client: client, opts: opts, snap: newSnapshot()}
	if r.opts.PageSize <= 0 {
		r.opts.PageSize = defaultPageSize
	}
	if r.opts.LogLines <= 0 {
		r.opts.LogLines = defaultLogLines
	}
	if r.opts.LogConcurrency <= 0 {
		r.opts.LogConcurrency = defaultLogConcurrency
	}
	if r.opts.Now == nil {
		r.opts.Now = time.Now
	}
	source := opts.Source
	if source == "" {
		source = "live cluster"
	}
	r.snap.Sources = []string{source}

	if err := r.readPodsAndEvents(ctx); err != nil {
		return nil, err
	}
	r.snap.Live = true
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	needs := newLiveNeeds(r.snap)
	var wg sync.WaitGroup
	var logNotes []string
	wg.Go(func() { logNotes = r.readLogs(ctx, needs.logTargets(r.opts.MaxLogs)) })
	ownerNotes := r.readOwners(ctx, needs)
	wg.Wait()
	r.snap.Notes = append(append(r.snap.Notes, ownerNotes...), logNotes...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.snap, nil
}

// liveRun carries one Live call.
type liveRun struct {
	client kubernetes.Interface
	opts   LiveOptions
	snap   *Snapshot

	requests   atomic.Int64
	progressMu sync.Mutex
}

// sent counts one request and reports progress.
func (r *liveRun) sent(stage string, read int) {
	r.requests.Add(1)
	r.progress(stage, read)
}

// progress reports what is read so far.
func (r *liveRun) progress(stage string, read int) {
	if r.opts.Progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.opts.Progress(LiveProgress{Stage: stage, Read: read, Requests: int(r.requests.Load())})
}

// readPodsAndEvents reads the pods and the events of the scope side by
// side, and keeps of the events those the diagnosis can need (see
// eventSieve). A pod list that fails ends the event list too.
func (r *liveRun) readPodsAndEvents(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sieve := newEventSieve(r.opts.Now())
	var wg sync.WaitGroup
	var eventsErr error
	wg.Go(func() { eventsErr = r.readEvents(ctx, sieve) })
	podsErr := r.readPods(ctx, sieve)
	if podsErr != nil {
		cancel()
	}
	wg.Wait()
	if podsErr != nil {
		return podsErr
	}
	r.snap.CapturedAt = r.opts.Now()
	if eventsErr != nil {
		r.snap.Notes = append(r.snap.Notes, listNote("events", r.opts.Namespace, "pods are diagnosed without their events", eventsErr))
		return nil
	}
	events, read, err := sieve.finish(r.snap, r.snap.CapturedAt)
	if err != nil {
		r.snap.Notes = append(r.snap.Notes, listNote("events", r.opts.Namespace, "pods are diagnosed without their events", err))
		return nil
	}
	r.snap.Events = events
	r.snap.Kinds["Event"] = read
	return nil
}

// readPods lists the pods of the scope, or gets the named ones, and hands
// them to sieve as they arrive.
func (r *liveRun) readPods(ctx context.Context, sieve *eventSieve) error {
	ns := r.opts.Namespace
	if len(r.opts.Pods) > 0 {
		for _, name := range r.opts.Pods {
			pod, err := r.client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
			r.sent("pods", len(r.snap.Pods)+1)
			switch {
			case apierrors.IsNotFound(err):
				return fmt.Errorf("pod %q not found in namespace %q", name, ns)
			case apierrors.IsForbidden(err):
				return &PermissionError{Verb: "get", Resource: "pods", Namespace: ns, Err: err}
			case err != nil:
				return fmt.Errorf("get pod %q in namespace %q: %w", name, ns, err)
			}
			readyPod(pod)
			r.snap.Pods = append(r.snap.Pods, *pod)
			sieve.pods(r.snap.Pods[len(r.snap.Pods)-1:])
		}
	} else {
		fetcher := pageFetcher[corev1.Pod]{
			client: restClient(r.client.CoreV1().RESTClient()), namespace: ns, resource: "pods", listKind: "PodList",
			decodeJSON: func(data []byte) ([]corev1.Pod, metav1.ListMeta, error) {
				var l corev1.PodList
				err := runtime.DecodeInto(scheme.Codecs.UniversalDeserializer(), data, &l)
				return l.Items, l.ListMeta, err
			},
			list: func(ctx context.Context, o metav1.ListOptions) ([]corev1.Pod, metav1.ListMeta, error) {
				l, err := r.client.CoreV1().Pods(ns).List(ctx, o)
				if err != nil {
					return nil, metav1.ListMeta{}, err
				}
				return l.Items, l.ListMeta, nil
			},
		}
		got := func() {
			pod := &r.snap.Pods[len(r.snap.Pods)-1]
			readyPod(pod)
			sieve.pods(r.snap.Pods[len(r.snap.Pods)-1:])
		}
		err := streamPages(ctx, r, "pods", fetcher, metav1.ListOptions{LabelSelector: r.opts.LabelSelector},
			func(pods []corev1.Pod) error {
				for _, pod := range pods {
					r.snap.Pods = append(r.snap.Pods, pod)
					got()
				}
				return nil
			},
			func(raw []byte) error {
				r.snap.Pods = append(r.snap.Pods, corev1.Pod{})
				if err := r.snap.Pods[len(r.snap.Pods)-1].Unmarshal(raw); err != nil {
					return fmt.Errorf("decode pod %d: %w", len(r.snap.Pods), err)
				}
				got()
				return nil
			},
			func() {
				r.snap.Pods = nil
				sieve.restartPods()
			})
		switch {
		case apierrors.IsForbidden(err):
			return &PermissionError{Verb: "list", Resource: "pods", Namespace: ns, Err: err}
		case err != nil:
			return fmt.Errorf("list pods%s: %w", scopeText(ns), err)
		}
	}
	r.snap.Kinds["Pod"] = len(r.snap.Pods)
	return nil
}

// readyPod gives a pod read from the API server the shape a Snapshot
// promises, without the server's field ownership records.
func readyPod(pod *corev1.Pod) {
	pod.TypeMeta = metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"}
	pod.ManagedFields = nil
}

// readEvents lists the core/v1 events of the scope once, handing each to
// sieve as it arrives. The API server serves events.k8s.io/v1 Events
// through core/v1 as well, so one list has both; each is normalized as Load
// normalizes them.
func (r *liveRun) readEvents(ctx context.Context, sieve *eventSieve) error {
	ns := r.opts.Namespace
	fetcher := pageFetcher[corev1.Event]{
		client: restClient(r.client.CoreV1().RESTClient()), namespace: ns, resource: "events", listKind: "EventList",
		decodeJSON: func(data []byte) ([]corev1.Event, metav1.ListMeta, error) {
			var l corev1.EventList
			err := runtime.DecodeInto(scheme.Codecs.UniversalDeserializer(), data, &l)
			return l.Items, l.ListMeta, err
		},
		list: func(ctx context.Context, o metav1.ListOptions) ([]corev1.Event, metav1.ListMeta, error) {
			l, err := r.client.CoreV1().Events(ns).List(ctx, o)
			if err != nil {
				return nil, metav1.ListMeta{}, err
			}
			return l.Items, l.ListMeta, nil
		},
	}
	return streamPages(ctx, r, "events", fetcher, metav1.ListOptions{},
		func(events []corev1.Event) error {
			for i := range events {
				readyEvent(&events[i])
				sieve.event(&events[i], nil)
			}
			return nil
		},
		func(raw []byte) error {
			var e corev1.Event
			if err := e.Unmarshal(raw); err != nil {
				return fmt.Errorf("decode an event: %w", err)
			}
			readyEvent(&e)
			sieve.event(&e, raw)
			return nil
		},
		sieve.restartEvents)
}

// listNote is the one note for a list that failed: what could not be read,
// what the diagnosis lacks for it, and, when refused, the permission.
func listNote(resource, namespace, consequence string, err error) string {
	scope := scopeText(namespace)
	if namespace == "" && resource == "nodes" {
		scope = " (cluster-scoped)"
	}
	if apierrors.IsForbidden(err) {
		return fmt.Sprintf("could not list %s%s: forbidden, needs RBAC permission \"list\" on %q%s; %s", resource, scope, resource, scope, consequence)
	}
	return fmt.Sprintf("could not list %s%s: %v; %s", resource, scope, err, consequence)
}

// listPaged lists every item in pages of PageSize, following continue
// tokens. When a token expires (410 Gone: the server compacted the
// revision the list started at), it restarts from the first page once, as a
// consistent list must; a second expiry is an error.
func listPaged[T any](ctx context.Context, r *liveRun, stage string, opts metav1.ListOptions,
	list func(context.Context, metav1.ListOptions) ([]T, metav1.ListMeta, error)) ([]T, error) {
	opts.Limit, opts.ResourceVersion = r.opts.PageSize, anyVersion
	var all []T
	restarted := false
	for {
		items, meta, err := list(ctx, opts)
		r.sent(stage, len(all)+len(items))
		if err != nil {
			if opts.Continue != "" && !restarted && (apierrors.IsResourceExpired(err) || apierrors.IsGone(err)) {
				restarted = true
				all, opts.Continue, opts.ResourceVersion = nil, "", anyVersion
				continue
			}
			return nil, err
		}
		all = append(all, items...)
		if meta.Continue == "" {
			return all, nil
		}
		opts.Continue, opts.ResourceVersion = meta.Continue, ""
	}
}
