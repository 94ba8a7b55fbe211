package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/poddoctor/poddoctor/internal/version"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// liveFlags are the kubectl flags of live diagnosis: how to reach the
// cluster (k8s.io/cli-runtime's ConfigFlags: --kubeconfig, --context, -n,
// --request-timeout, --as, ...) and what to read of it.
type liveFlags struct {
	kube          *genericclioptions.ConfigFlags
	allNamespaces bool
	selector      string
	logs          int
}

func (f *liveFlags) register(cmd *cobra.Command) {
	f.kube = genericclioptions.NewConfigFlags(true)
	f.kube.CacheDir = nil // poddoctor uses no discovery, so nothing is cached
	f.kube.AddFlags(cmd.Flags())
	fl := cmd.Flags()
	fl.Lookup("namespace").Usage = "namespace to diagnose (default: the kubeconfig context's namespace); with -f, only pods and workloads of this namespace"
	fl.BoolVarP(&f.allNamespaces, "all-namespaces", "A", false, "diagnose every namespace")
	fl.StringVarP(&f.selector, "selector", "l", "", "only pods (and their workloads) whose labels match this selector, e.g. app=web,tier!=db")
	fl.IntVar(&f.logs, "logs", 10, "read the log tail of at most this many crashed, failed or OOM-killed containers (0: none)")
}

// validate checks the flags that do not need a cluster.
func (f *liveFlags) validate(cmd *cobra.Command, pods []string) error {
	if f.allNamespaces && len(pods) > 0 {
		return errors.New("pods cannot be named with -A/--all-namespaces: give their namespace with -n")
	}
	if f.allNamespaces && cmd.Flags().Changed("namespace") {
		return errors.New("-n/--namespace and -A/--all-namespaces cannot be given together")
	}
	if f.selector != "" && len(pods) > 0 {
		return errors.New("give pod names or -l/--selector, not both")
	}
	if f.logs < 0 {
		return fmt.Errorf("--logs %d: give 0 or more", f.logs)
	}
	if _, err := labels.Parse(f.selector); err != nil {
		return fmt.Errorf("-l/--selector %q: %w", f.selector, err)
	}
	return nil
}

// offlineNamespace is the namespace filter of offline input: -n when given
// on the command line (the kubeconfig's namespace is no filter for a file).
func (f *liveFlags) offlineNamespace(cmd *cobra.Command) string {
	if f.allNamespaces || !cmd.Flags().Changed("namespace") {
		return ""
	}
	return *f.kube.Namespace
}

// selectOffline keeps the pods and workloads of an offline snapshot that
// match -l, as the live source lists only them.
func (f *liveFlags) selectOffline(snap *snapshot.Snapshot) {
	if f.selector == "" {
		return
	}
	sel, _ := labels.Parse(f.selector) // validated
	snap.Pods = keepMatching(snap.Pods, sel)
	snap.ReplicaSets = keepMatching(snap.ReplicaSets, sel)
	snap.Deployments = keepMatching(snap.Deployments, sel)
	snap.StatefulSets = keepMatching(snap.StatefulSets, sel)
	snap.DaemonSets = keepMatching(snap.DaemonSets, sel)
	snap.Jobs = keepMatching(snap.Jobs, sel)
	snap.CronJobs = keepMatching(snap.CronJobs, sel)
}

func keepMatching[T any, P interface {
	*T
	metav1.Object
}](items []T, sel labels.Selector) []T {
	return slices.DeleteFunc(items, func(item T) bool {
		return !sel.Matches(labels.Set(P(&item).GetLabels()))
	})
}

// liveReading is a read of the cluster going on while the diagnosis engine
// is built.
type liveReading struct {
	cancel    context.CancelFunc
	done      chan struct{}
	snap      *snapshot.Snapshot
	namespace string
	err       error
}

// startSnapshot starts liveSnapshot; wait returns what it read.
func (f *liveFlags) startSnapshot(ctx context.Context, s streams, pods []string) *liveReading {
	ctx, cancel := context.WithCancel(ctx)
	r := &liveReading{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		r.snap, r.namespace, r.err = f.liveSnapshot(ctx, s, pods)
	}()
	return r
}

// wait waits for the read to end and returns what liveSnapshot returned.
func (r *liveReading) wait() (*snapshot.Snapshot, string, error) {
	<-r.done
	return r.snap, r.namespace, r.err
}

// stop ends the read, if it is still going on, and waits for it: a run
// that fails before it needs the cluster leaves no request behind.
func (r *liveReading) stop() {
	r.cancel()
	<-r.done
}

// liveSnapshot reads the cluster the flags name. It returns the namespace
// read ("" for all).
func (f *liveFlags) liveSnapshot(ctx context.Context, s streams, pods []string) (*snapshot.Snapshot, string, error) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(liveGCPercent)
	}
	loader := f.kube.ToRawKubeConfigLoader()
	cfg, err := f.kube.ToRESTConfig()
	if clientcmd.IsEmptyConfig(err) || (err == nil && f.noCluster(loader)) {
		return nil, "", errNoInput
	}
	if err != nil {
		return nil, "", fmt.Errorf("kubeconfig: %w", err)
	}
	namespace := ""
	if !f.allNamespaces {
		if namespace, _, err = loader.Namespace(); err != nil {
			return nil, "", fmt.Errorf("kubeconfig: namespace: %w", err)
		}
	}
	cfg = rest.CopyConfig(cfg)
	cfg.UserAgent = "poddoctor/" + version.Get().Version
	// The defaults (5 per second, bursts of 10) would slow the log reads;
	// the request count is already bounded by design.
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	trace := openRequestTrace(s.err)
	defer trace.close()
	if trace != nil {
		cfg.Wrap(trace.wrap)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("kubeconfig: %w", err)
	}
	where := "cluster " + cfg.Host
	if raw, err := loader.RawConfig(); err == nil {
		name := raw.CurrentContext
		if *f.kube.Context != "" {
			name = *f.kube.Context
		}
		if name != "" {
			where += fmt.Sprintf(" (context %q)", name)
		}
	}
	opts := snapshot.LiveOptions{
		Namespace:     namespace,
		Pods:          pods,
		LabelSelector: f.selector,
		MaxLogs:       f.logs,
		Source:        where,
	}
	progress := newProgressLine(s.err)
	opts.Progress = func(lp snapshot.LiveProgress) {
		limitLiveMemory()
		if progress != nil {
			progress.show(lp)
		}
	}
	limitLiveMemory()
	trace.mark("reading the cluster")
	snap, err := snapshot.Live(ctx, client, opts)
	trace.mark("cluster read")
	if progress != nil {
		progress.clear()
	}
	if err != nil {
		return nil, "", clusterError(err, where, cfg.Timeout)
	}
	limitLiveMemory()
	return snap, namespace, nil
}

// liveGCPercent is the collector's setting for a live diagnosis, in place
// of gcPercent: a live run waits on the API server more than it computes,
// so collecting at twice the live heap rather than five times costs no
// time that shows, and keeps the peak of a 10,000-pod cluster near
// 330 MiB instead of 400 to 450 (docs/PERFORMANCE.md, live mode). GOGC in
// the environment wins.
const liveGCPercent = 100

// liveMemoryFloor is the least soft memory limit limitLiveMemory sets.
const liveMemoryFloor = 256 << 20 // bytes

// limitLiveMemory sets a soft memory limit of one and a half times the live
// heap (as the last collection measured it), and at least liveMemoryFloor.
// It is called before the cluster is read and at every progress report
// (after each request, and every 1,000 items of a long page), so the
// limit follows the snapshot as it grows: above the floor the collector
// runs at the pace of GOGC=50 at worst, never without end on a large
// cluster; and under the limit the runtime returns freed memory to the
// system as pages are decoded and facts built, which took the peak of a
// 10,000-pod cluster from 330-370 MiB (GOGC=100 alone) to 310-320
// (docs/PERFORMANCE.md). GOMEMLIMIT in the environment wins.
func limitLiveMemory() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	var live int64
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = int64(sample[0].Value.Uint64())
	}
	debug.SetMemoryLimit(max(liveMemoryFloor, live+live/2))
}

var errNoInput = errors.New("no input: give saved cluster data with -f FILE|DIR|-, or a cluster with a kubeconfig (--kubeconfig, KUBECONFIG or ~/.kube/config), --server, or in-cluster config")

// noCluster reports whether nothing names a cluster: no kubeconfig cluster,
// no --server, and not inside a pod. client-go would then fall back to
// http://localhost:8080, a default from before kubeconfig files existed,
// and fail with a misleading "connection refused".
func (f *liveFlags) noCluster(loader clientcmd.ClientConfig) bool {
	raw, err := loader.RawConfig()
	if err != nil || len(raw.Clusters) > 0 || *f.kube.APIServer != "" {
		return false
	}
	_, err = rest.InClusterConfig()
	return err != nil
}

// clusterError says precisely why the cluster could not be read.
func clusterError(err error, where string, timeout time.Duration) error {
	var perm *snapshot.PermissionError
	var dns *net.DNSError
	var urlErr *url.Error
	switch {
	case errors.As(err, &perm), errors.Is(err, context.Canceled):
		return err
	case apierrors.IsUnauthorized(err):
		return fmt.Errorf("%s rejected the credentials (401 Unauthorized): log in again or check the kubeconfig user: %w", where, err)
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("cannot reach %s: connection refused (is the API server running, and is this the right context?): %w", where, err)
	case errors.As(err, &dns):
		return fmt.Errorf("cannot reach %s: the host name does not resolve: %w", where, err)
	case isTimeout(err) && timeout > 0:
		return fmt.Errorf("%s did not answer within %s (--request-timeout): %w", where, timeout, err)
	case isTimeout(err):
		return fmt.Errorf("%s did not answer (give --request-timeout to wait less): %w", where, err)
	case errors.As(err, &urlErr):
		return fmt.Errorf("cannot reach %s: %w", where, err)
	}
	return fmt.Errorf("read %s: %w", where, err)
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()) || apierrors.IsTimeout(err) || apierrors.IsServerTimeout(err)
}

// progressLine is the one line of progress shown on a terminal's stderr
// while a cluster is read, rewritten in place and cleared at the end.
type progressLine struct {
	w     io.Writer
	shown bool
	last  time.Time
}

// newProgressLine returns a progress line on w when w is a terminal, nil
// otherwise (a pipe, a file, a test buffer).
func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progressLine{w: w}
}

func (p *progressLine) show(lp snapshot.LiveProgress) {
	// A dozen updates a second are plenty for a person to read.
	now := time.Now()
	if p.shown && now.Sub(p.last) < 80*time.Millisecond {
		return
	}
	p.shown, p.last = true, now
	fmt.Fprintf(p.w, "\r\033[Kpoddoctor: reading %s: %d so far, %d requests sent", lp.Stage, lp.Read, lp.Requests)
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
