//go:build linux

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/poddoctor/poddoctor/internal/apiservertest"
	"github.com/poddoctor/poddoctor/internal/cli"
	"github.com/poddoctor/poddoctor/internal/nodetest"
)

var update = flag.Bool("update", false, "rewrite testdata/real-cluster.yaml from this run's cluster")

// How long the scenarios get to show every failure. Restarts and back-offs
// worth diagnosing accumulate within three to five minutes on a real node;
// the test goes on as soon as every scenario has shown.
const scenarioWait = 4*time.Minute + 30*time.Second

// TestRealCluster is the end-to-end test: see the package comment and
// docs/e2e.md.
func TestRealCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED: e2e on a real single-node cluster (-short)")
	}
	required := os.Getenv("PODDOCTOR_REQUIRE_E2E") != ""
	skipOrFail := func(why string) {
		t.Helper()
		if required {
			t.Fatalf("PODDOCTOR_REQUIRE_E2E is set, but this machine cannot run the e2e node: %s", why)
		}
		t.Skipf("SKIPPED: e2e on a real single-node cluster (kubelet, containerd, runc): %s", why)
	}
	if os.Getenv("PODDOCTOR_E2E") == "" && !required {
		skipOrFail("set PODDOCTOR_E2E=1 to run it (test/run.sh does, where it could install the node's packages)")
	}
	if why := nodetest.CannotRunNode(); why != "" {
		skipOrFail(why)
	}
	tools, err := nodetest.FindTools(filepath.Join(repoRoot(t), "test", "apiserver", "build.sh"))
	if err != nil {
		skipOrFail(err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	began := time.Now()

	if cleaned := nodetest.CleanStale(tools); len(cleaned) > 0 {
		t.Logf("cleaned what an earlier run left: %q", cleaned)
	}

	// First run: every scenario.
	c := startCluster(ctx, t, tools)
	bin := buildPlugin(t, tools)
	ns := runScenarios(ctx, t, c, bin)
	deleteNamespace(ctx, t, c, ns)
	stopCluster(t, c)
	t.Logf("first run, up to teardown: %s", time.Since(began).Round(time.Second))

	// Second run on the same machine: the node comes up again, runs a pod,
	// and poddoctor finds nothing wrong with it.
	second := time.Now()
	c = startCluster(ctx, t, tools)
	secondRun(ctx, t, c)
	stopCluster(t, c)
	t.Logf("second run: %s; whole test: %s", time.Since(second).Round(time.Second), time.Since(began).Round(time.Second))
}

func startCluster(ctx context.Context, t *testing.T, tools nodetest.Tools) *nodetest.Cluster {
	t.Helper()
	c, err := nodetest.Start(ctx, tools, t.Logf)
	if err != nil {
		t.Fatalf("start the cluster: %v", err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped && t.Failed() {
			for _, name := range []string{"kubelet", "containerd", "kube-controller-manager", "kube-scheduler"} {
				t.Logf("--- %s log tail:\n%s", name, c.LogTail(name, 25))
			}
		}
		if !stopped {
			if problems := c.Stop(); len(problems) > 0 {
				t.Errorf("teardown: %q", problems)
			}
		}
	})
	c.OnStop = func() { stopped = true }
	return c
}

// stopCluster stops c and proves the machine is as before: no process of
// the run, no mount under its directory, no network namespace it made, no
// bridge, no cgroup.
func stopCluster(t *testing.T, c *nodetest.Cluster) {
	t.Helper()
	t0 := time.Now()
	dir := c.Dir
	problems := c.Stop()
	if c.OnStop != nil {
		c.OnStop()
	}
	t.Logf("teardown %.1fs", time.Since(t0).Seconds())
	if len(problems) > 0 {
		t.Errorf("teardown left: %q", problems)
	}
	for _, p := range c.StillRunning() {
		t.Errorf("%s still running after teardown", p)
	}
	if pids := processesMentioning(dir); len(pids) > 0 {
		t.Errorf("processes still running with %s in their command line: %v", dir, pids)
	}
	if m := nodetest.MountsUnder(dir); len(m) > 0 {
		t.Errorf("mounts left under %s: %q", dir, m)
	}
	if left := c.LeftNetns(); len(left) > 0 {
		t.Errorf("network namespaces left: %q", left)
	}
	if err := exec.Command(c.Tools.IP, "link", "show", nodetest.BridgeName).Run(); err == nil {
		t.Errorf("bridge %s left", nodetest.BridgeName)
	}
	for _, cg := range c.LeftCgroups() {
		t.Errorf("cgroup %s left", cg)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s left", dir)
	}
}

// processesMentioning lists the processes whose command line contains s.
func processesMentioning(s string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	self := fmt.Sprint(os.Getpid())
	for _, e := range entries {
		if e.Name() == self || strings.Trim(e.Name(), "0123456789") != "" {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmdline, []byte(s)) {
			out = append(out, e.Name()+" "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return out
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// buildPlugin builds ./cmd/poddoctor as kubectl-poddoctor into a directory
// that also holds the cluster's kubectl, for kubectl's plugin discovery.
func buildPlugin(t *testing.T, tools nodetest.Tools) string {
	t.Helper()
	t0 := time.Now()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "kubectl-poddoctor"), "./cmd/poddoctor")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/poddoctor: %v\n%s", err, out)
	}
	if err := os.Symlink(tools.Kubectl, filepath.Join(bin, "kubectl")); err != nil {
		t.Fatal(err)
	}
	t.Logf("built kubectl-poddoctor in %.1fs", time.Since(t0).Seconds())
	return bin
}

// poddoctor runs the CLI in-process and parses its JSON report.
func poddoctor(ctx context.Context, t *testing.T, args ...string) []Finding {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run(ctx, append([]string{"poddoctor", "diagnose", "-o", "json"}, args...), strings.NewReader(""), &stdout, &stderr)
	if code == 2 {
		t.Fatalf("poddoctor diagnose %s: exit 2: %s", strings.Join(args, " "), stderr.String())
	}
	findings, err := ParseFindings(stdout.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return findings
}

func runScenarios(ctx context.Context, t *testing.T, c *nodetest.Cluster, bin string) string {
	client, err := c.Client()
	if err != nil {
		t.Fatal(err)
	}
	ns := fmt.Sprintf("e2e-%d", time.Now().Unix()%100000)
	createNamespace(ctx, t, client, ns)
	t0 := time.Now()
	createScenarios(ctx, t, client, ns)
	t.Logf("created the scenarios in namespace %s", ns)
	killOneTwice(ctx, t, client, filepath.Join(bin, "kubectl"), c.Kubeconfig, ns)

	// Wait until every failure has shown: poddoctor's live findings are
	// exactly the wanted ones, with their evidence.
	var findings []Finding
	var missing, extra, weak []string
	deadline := time.Now().Add(scenarioWait)
	shown := map[string]time.Duration{}
	var previous []string
	stable := 0
	for {
		findings = poddoctor(ctx, t, "--kubeconfig", c.Kubeconfig, "-n", ns)
		labels := scenarioLabels(ctx, t, client, ns)
		missing, extra, weak = Compare(findings, labels, true)
		noteShown(shown, findings, labels, time.Since(t0))
		if len(missing)+len(extra)+len(weak) == 0 || time.Now().After(deadline) {
			break
		}
		// A finding poddoctor gets wrong stays wrong: once every scenario
		// has shown with its evidence and nothing changed for 30 seconds,
		// waiting longer only delays the report.
		keys := KeySet(findings)
		if slices.Equal(keys, previous) {
			stable++
		} else {
			stable = 0
		}
		previous = keys
		if stable >= 6 && len(weak) == 0 && everyScenarioShown(findings, labels) && time.Since(t0) > 2*time.Minute {
			break
		}
		time.Sleep(5 * time.Second)
	}
	t.Logf("scenarios settled after %s", time.Since(t0).Round(time.Second))
	for _, k := range sortedKeys(shown) {
		t.Logf("  first shown %6.0fs  %s", shown[k].Seconds(), k)
	}
	reportCompare(t, "live diagnosis", missing, extra, weak)
	if t.Failed() {
		for _, f := range findings {
			t.Logf("finding: %s %s/%s %s %s: %s\n    evidence: %q", f.Object.Kind, f.Object.Namespace, f.Object.Name, f.Rule, f.Container, f.Message, f.Evidence)
		}
	}
	logFindings(t, findings)

	// The same through kubectl's plugin discovery, and offline: kubectl get
	// -o json and kubectl cluster-info dump. Each read sees the cluster at a
	// slightly different moment (a crash-looping container restarts
	// between two), so a difference is read again, three times at most.
	kubectl := filepath.Join(bin, "kubectl")
	dir := t.TempDir()
	snapJSON := filepath.Join(dir, "snap.json")
	dump := filepath.Join(dir, "dump")
	described := filepath.Join(dir, "describe")
	if err := os.MkdirAll(described, 0o755); err != nil {
		t.Fatal(err)
	}
	for attempt := 1; ; attempt++ {
		plugin := viaPlugin(ctx, t, bin, c.Kubeconfig, ns)
		run(ctx, t, kubectl, snapJSON, "--kubeconfig", c.Kubeconfig, "get", "pods,events,replicasets,deployments,jobs,nodes", "-n", ns, "-o", "json")
		_ = os.RemoveAll(dump)
		run(ctx, t, kubectl, "", "--kubeconfig", c.Kubeconfig, "cluster-info", "dump", "--namespaces", ns, "--output-directory", dump)
		live := poddoctor(ctx, t, "--kubeconfig", c.Kubeconfig, "-n", ns)
		fromJSON := poddoctor(ctx, t, "-f", snapJSON)
		fromDump := poddoctor(ctx, t, "-f", dump, "-n", ns)
		// kubectl describe of the same objects, as people paste it: read
		// from a directory of .txt files, it must give the JSON's findings
		// wherever describe prints the cause.
		// One kind per command: kubectl 1.37 printed no Events section at
		// all for `describe pods,replicasets,...` of several kinds at once.
		for _, kind := range []string{"pods", "replicasets", "deployments", "jobs"} {
			run(ctx, t, kubectl, filepath.Join(described, kind+".txt"), "--kubeconfig", c.Kubeconfig, "describe", kind, "-n", ns, "--show-events=true")
		}
		run(ctx, t, kubectl, filepath.Join(described, "nodes.txt"), "--kubeconfig", c.Kubeconfig, "describe", "nodes", "--show-events=true")
		fromDescribe := poddoctor(ctx, t, "-f", described)
		// kubectl cluster-info dump saves no Jobs (only nodes, events,
		// replication controllers, services, daemon sets, deployments,
		// replica sets and pods, with logs), so a Job's own finding cannot
		// be made from it; its pods' findings can.
		liveNoJobs := withoutKind(live, "Job")
		same := slices.Equal(KeySet(live), KeySet(plugin)) && slices.Equal(KeySet(live), KeySet(fromJSON)) && slices.Equal(KeySet(liveNoJobs), KeySet(fromDump)) &&
			slices.Equal(KeySet(DescribeComparable(fromJSON)), KeySet(DescribeComparable(fromDescribe)))
		// A crash-looping container is Running for a moment after each
		// restart, and then no read shows it crash-looping: when the
		// offline read misses a scenario, it is read again too.
		m, e, w := Compare(fromJSON, scenarioLabels(ctx, t, client, ns), false)
		if (!same || len(m) > 0) && attempt < 4 {
			t.Logf("live, plugin and offline findings differ, or miss %d scenarios (attempt %d; the cluster moves on between reads): again", len(m), attempt)
			time.Sleep(3 * time.Second)
			continue
		}
		sameFindings(t, "kubectl poddoctor (plugin)", live, plugin)
		sameFindings(t, "offline from kubectl get -o json", live, fromJSON)
		sameFindings(t, "offline from kubectl cluster-info dump", liveNoJobs, fromDump)
		sameFindings(t, "offline from kubectl describe (rules describe cannot carry left out)", DescribeComparable(fromJSON), DescribeComparable(fromDescribe))
		t.Logf("describe vs get -o json: %d and %d findings, equal outside %d rules describe cannot carry", len(fromDescribe), len(fromJSON), len(RulesDescribeCannotCarry))
		saveDescribe(t, described)
		reportCompare(t, "offline diagnosis (kubectl get -o json)", m, e, w)
		// The cross-container causes are said from the dump too, with the
		// sibling that explains them.
		for _, p := range EvidenceOf(fromDump, scenarioLabels(ctx, t, client, ns), "two-on-one-port", "watcher-wrong-port", "shared-volume-path") {
			t.Errorf("offline diagnosis (kubectl cluster-info dump): %s", p)
		}
		t.Logf("plugin, kubectl get -o json and cluster-info dump: %d, %d and %d findings (attempt %d)", len(plugin), len(fromJSON), len(fromDump), attempt)
		break
	}

	checkAudit(t, c.AuditLog)
	saveSnapshot(ctx, t, c, client, kubectl, ns)
	return ns
}

// viaPlugin runs `kubectl poddoctor diagnose -n NS -o json` with a PATH on
// which kubectl finds kubectl-poddoctor.
func viaPlugin(ctx context.Context, t *testing.T, bin, kubeconfig, ns string) []Finding {
	t.Helper()
	cmd := exec.CommandContext(ctx, filepath.Join(bin, "kubectl"), "poddoctor", "diagnose", "-n", ns, "-o", "json")
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "KUBECONFIG="+kubeconfig)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("kubectl poddoctor diagnose: %v: %s", err, stderr.String())
	}
	findings, perr := ParseFindings(stdout.Bytes())
	if perr != nil {
		t.Fatalf("kubectl poddoctor diagnose: %v (stderr: %s)", perr, stderr.String())
	}
	if (err == nil) != (len(findings) == 0) {
		t.Errorf("kubectl poddoctor diagnose: exit %v with %d findings (want 1 with error findings, 0 without)", err, len(findings))
	}
	return findings
}

func noteShown(shown map[string]time.Duration, findings []Finding, labels map[string]string, at time.Duration) {
	for _, f := range findings {
		k := Key(f.Object.Kind, labels[f.Object.Kind+"/"+f.Object.Name], f.Rule, f.Container)
		if _, ok := shown[k]; !ok {
			shown[k] = at
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func logFindings(t *testing.T, findings []Finding) {
	for _, f := range findings {
		t.Logf("%s %s %s %s\n    %s\n    evidence: %q", f.Object.Kind, f.Object.Name, f.Rule, f.Container, f.Message, f.Evidence)
	}
}

func reportCompare(t *testing.T, what string, missing, extra, weak []string) {
	t.Helper()
	for _, m := range missing {
		t.Errorf("%s: missing finding: %s", what, m)
	}
	for _, e := range extra {
		t.Errorf("%s: unexpected finding: %s", what, e)
	}
	for _, w := range weak {
		t.Errorf("%s: evidence: %s", what, w)
	}
}

func sameFindings(t *testing.T, what string, want, got []Finding) {
	t.Helper()
	w, g := KeySet(want), KeySet(got)
	if !slices.Equal(w, g) {
		t.Errorf("%s: findings differ from live diagnosis:\n live: %q\n %s: %q", what, w, what, g)
	}
}

// run runs a command, its standard output to the file out ("" discards).
func run(ctx context.Context, t *testing.T, name, out string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v: %s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	if out != "" {
		if err := os.WriteFile(out, stdout.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func createNamespace(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	if _, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// Pods cannot be admitted before the controller manager made the
	// namespace's default service account (and a ReplicaSet would record a
	// FailedCreate that is no scenario's).
	deadline := time.Now().Add(time.Minute)
	for {
		_, errSA := client.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
		_, errCA := client.CoreV1().ConfigMaps(ns).Get(ctx, "kube-root-ca.crt", metav1.GetOptions{})
		if errSA == nil && errCA == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("namespace %s: no default service account or kube-root-ca.crt after a minute: %v, %v", ns, errSA, errCA)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func createScenarios(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "scenarios.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		if strings.TrimSpace(stripComments(doc)) == "" {
			continue
		}
		obj, _, err := scheme.Codecs.UniversalDeserializer().Decode([]byte(doc), nil, nil)
		if err != nil {
			t.Fatalf("testdata/scenarios.yaml: %v\n%s", err, doc)
		}
		if err := create(ctx, client, ns, obj); err != nil {
			t.Fatalf("create %T: %v", obj, err)
		}
	}
}

func stripComments(doc string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(doc))
	for sc.Scan() {
		if !strings.HasPrefix(strings.TrimSpace(sc.Text()), "#") {
			b.WriteString(sc.Text() + "\n")
		}
	}
	return b.String()
}

func create(ctx context.Context, client kubernetes.Interface, ns string, obj runtime.Object) error {
	opts := metav1.CreateOptions{}
	var err error
	switch o := obj.(type) {
	case *corev1.Pod:
		_, err = client.CoreV1().Pods(ns).Create(ctx, o, opts)
	case *corev1.ConfigMap:
		_, err = client.CoreV1().ConfigMaps(ns).Create(ctx, o, opts)
	case *corev1.ResourceQuota:
		_, err = client.CoreV1().ResourceQuotas(ns).Create(ctx, o, opts)
		if err == nil {
			// The quota admission needs the quota's status before it
			// enforces it; the controller manager fills it.
			err = waitQuota(ctx, client, ns, o.Name)
		}
	case *appsv1.Deployment:
		_, err = client.AppsV1().Deployments(ns).Create(ctx, o, opts)
	case *batchv1.Job:
		_, err = client.BatchV1().Jobs(ns).Create(ctx, o, opts)
	default:
		err = fmt.Errorf("testdata/scenarios.yaml: no creation for %T", obj)
	}
	return err
}

func waitQuota(ctx context.Context, client kubernetes.Interface, ns, name string) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		q, err := client.CoreV1().ResourceQuotas(ns).Get(ctx, name, metav1.GetOptions{})
		if err == nil && len(q.Status.Hard) > 0 {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("ResourceQuota %s/%s has no status after a minute", ns, name)
}

// scenarioLabels maps "Kind/name" of the namespace's pods, ReplicaSets,
// Deployments and Jobs to their e2e-scenario label.
func scenarioLabels(ctx context.Context, t *testing.T, client kubernetes.Interface, ns string) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(kind string, metas []metav1.ObjectMeta) {
		for _, m := range metas {
			out[kind+"/"+m.Name] = m.Labels["e2e-scenario"]
		}
	}
	pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	add("Pod", metas(pods.Items, func(p corev1.Pod) metav1.ObjectMeta { return p.ObjectMeta }))
	rss, _ := client.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
	add("ReplicaSet", metas(rss.Items, func(r appsv1.ReplicaSet) metav1.ObjectMeta { return r.ObjectMeta }))
	deps, _ := client.AppsV1().Deployments(ns).List(ctx, metav1.ListOptions{})
	add("Deployment", metas(deps.Items, func(d appsv1.Deployment) metav1.ObjectMeta { return d.ObjectMeta }))
	jobs, _ := client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
	add("Job", metas(jobs.Items, func(j batchv1.Job) metav1.ObjectMeta { return j.ObjectMeta }))
	return out
}

func metas[T any](items []T, meta func(T) metav1.ObjectMeta) []metav1.ObjectMeta {
	var out []metav1.ObjectMeta
	for _, i := range items {
		out = append(out, meta(i))
	}
	return out
}

// checkAudit proves from the API server's audit log that poddoctor (its
// user agent, "poddoctor/VERSION") only got, listed and read pods/log.
func checkAudit(t *testing.T, path string) {
	t.Helper()
	count, err := apiservertest.ReadAudit(path, "poddoctor/")
	if err != nil {
		t.Fatalf("audit log: %v", err)
	}
	for what := range count.ByWhat {
		// "get pods/log", or a get or list of a resource (no subresource)
		// or of a non-resource URL (discovery: "get /api?timeout=32s").
		verb, resource, _ := strings.Cut(what, " ")
		read := (verb == "get" || verb == "list") && (strings.HasPrefix(resource, "/") || !strings.Contains(resource, "/"))
		if what != "get pods/log" && !read {
			t.Errorf("audit log: poddoctor made a request that is no get, list or pods/log read: %s", what)
		}
	}
	if count.Requests == 0 || count.ByWhat["get pods/log"] == 0 {
		t.Errorf("audit log: %s from poddoctor: expected requests, pods/log reads among them", count)
	}
	t.Logf("audit log: %s", count)
}

// saveSnapshot writes the scenario namespace as kubectl get -o yaml to
// testdata/real-cluster.yaml (with -update), with a header naming the
// components' versions and the findings the scenarios want, by real name.
func saveSnapshot(ctx context.Context, t *testing.T, c *nodetest.Cluster, client kubernetes.Interface, kubectl, ns string) {
	t.Helper()
	if !*update {
		return
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, kubectl, "--kubeconfig", c.Kubeconfig, "get", "pods,events,replicasets,deployments,jobs,nodes", "-n", ns, "-o", "yaml")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("kubectl get -o yaml: %v", err)
	}
	version := func(name string, args ...string) string {
		b, _ := exec.Command(name, args...).Output()
		return strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	}
	labels := scenarioLabels(ctx, t, client, ns)
	var wants []string
	for key, sc := range labels {
		kind, name, _ := strings.Cut(key, "/")
		for _, w := range ScenarioWants[sc] {
			if w.Kind == kind {
				line := fmt.Sprintf("# want: %s %s/%s %s", kind, ns, name, w.Rule)
				if w.Container != "" {
					line += " " + w.Container
				}
				wants = append(wants, line)
			}
		}
	}
	slices.Sort(wants)
	var b strings.Builder
	fmt.Fprintf(&b, `# A real single-node cluster's failures, captured by test/e2e (go test ./test/e2e -run
# TestRealCluster -update with PODDOCTOR_E2E=1): the scenarios of testdata/scenarios.yaml
# in namespace %s, each failing as real components made it fail.
# Components: kubelet, kube-apiserver, kube-scheduler, kube-controller-manager %s
# (built from k8s.io/kubernetes), %s,
# %s, on cgroup v1 (cgroupfs driver), Linux %s.
# The kubelet's node is %s at %s (its own bridge); images come from containerd's
# store (busybox:1.36, imported) and a local registry on localhost:5000.
# Saved with: kubectl get pods,events,replicasets,deployments,jobs,nodes -n %s -o yaml
# The want lines are the rules each scenario's failure calls for (test/e2e ScenarioWants).
%s
`, ns, kubeVersion(c), version(c.Tools.Containerd, "--version"), version(c.Tools.Runc, "--version"),
		version("uname", "-r"), nodetest.NodeName, nodetest.NodeIP, ns, strings.Join(wants, "\n"))
	b.Write(out.Bytes())
	if err := os.WriteFile(filepath.Join("testdata", "real-cluster.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote testdata/real-cluster.yaml")
}

func kubeVersion(c *nodetest.Cluster) string {
	out, err := exec.Command(c.Tools.Kubelet, "--version").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(strings.TrimPrefix(string(out), "Kubernetes "))
}

func deleteNamespace(ctx context.Context, t *testing.T, c *nodetest.Cluster, ns string) {
	t.Helper()
	client, err := c.Client()
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	t0 := time.Now()
	if err := client.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil && !apierrors.IsNotFound(err) {
		t.Errorf("delete namespace %s: %v", ns, err)
	}
	// The kubelet stops the pods' sandboxes, which removes their network
	// namespaces; whatever is left when this bound passes, Stop cleans.
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err == nil && len(pods.Items) == 0 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Logf("namespace %s emptied in %.1fs", ns, time.Since(t0).Seconds())
}

// secondRun proves a fresh cluster on the same machine after a teardown
// runs pods: one healthy pod, from the local registry, and no finding.
func secondRun(ctx context.Context, t *testing.T, c *nodetest.Cluster) {
	client, err := c.Client()
	if err != nil {
		t.Fatal(err)
	}
	ns := fmt.Sprintf("e2e-again-%d", time.Now().Unix()%100000)
	createNamespace(ctx, t, client, ns)
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "healthy", Labels: map[string]string{"e2e-scenario": "healthy"}},
		Spec: corev1.PodSpec{
			TerminationGracePeriodSeconds: new(int64),
			Containers: []corev1.Container{{
				Name: "app", Image: "localhost:5000/library/nginx:1.27", Command: []string{"sleep", "3600"},
			}},
		},
	}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		p, err := client.CoreV1().Pods(ns).Get(ctx, "healthy", metav1.GetOptions{})
		if err == nil && isReady(p) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("second run: pod healthy not ready after 90s: %+v", p.Status)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if findings := poddoctor(ctx, t, "--kubeconfig", c.Kubeconfig, "-n", ns); len(findings) > 0 {
		t.Errorf("second run: findings on a healthy pod: %q", KeySet(findings))
	}
	deleteNamespace(ctx, t, c, ns)
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// everyScenarioShown reports whether every failing scenario has at least
// one finding.
func everyScenarioShown(findings []Finding, labels map[string]string) bool {
	shown := map[string]bool{}
	for _, f := range findings {
		shown[labels[f.Object.Kind+"/"+f.Object.Name]] = true
	}
	for sc, wants := range ScenarioWants {
		if len(wants) > 0 && !shown[sc] {
			return false
		}
	}
	return true
}

// withoutKind drops the findings on objects of kind.
func withoutKind(findings []Finding, kind string) []Finding {
	return slices.DeleteFunc(slices.Clone(findings), func(f Finding) bool { return f.Object.Kind == kind })
}

// saveDescribe keeps this run's real `kubectl describe` text as
// testdata/real-describe/ (with -update), for the offline test that holds
// the describe reader to what kubectl really prints.
func saveDescribe(t *testing.T, dir string) {
	t.Helper()
	if !*update {
		return
	}
	out := filepath.Join("testdata", "real-describe")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pods.txt", "replicasets.txt", "deployments.txt", "jobs.txt", "nodes.txt"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
