// Command live measures live diagnosis on a real kube-apiserver loaded with
// a large cluster, side by side with stock k8sgpt's analyze when it is
// installed: wall time, peak resident memory (GNU time), the requests each
// tool sent as the API server's audit log counts them, and whether each
// found every failing pod the loader planted.
//
//	go run ./bench/live -poddoctor BIN [-k8sgpt BIN] [-pods 10000] [-runs 3]
//
// It starts its own etcd and kube-apiserver (internal/apiservertest, with
// test/node/audit-policy.yaml), so run it under the cluster lock:
//
//	flock /tmp/poddoctor-cluster.lock go run ./bench/live -poddoctor /tmp/poddoctor
//
// With -data DIR the loaded cluster (etcd's data and what was planted) is
// kept in DIR and reused by the next run of the same size, which then
// starts in seconds instead of loading for minutes.
//
// The tables go to standard output (Markdown): the medians of each tool,
// every run with the machine's load average and the CPU of the tool, of
// kube-apiserver and of etcd, and, from poddoctor's request trace
// (PODDOCTOR_TRACE_REQUESTS), where the wall time of its last run went.
// Progress goes to standard error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/poddoctor/poddoctor/internal/apiservertest"
)

func main() {
	poddoctor := flag.String("poddoctor", "", "the poddoctor binary to measure (required); LABEL=BIN,LABEL=BIN measures several, e.g. before and after a change")
	k8sgpt := flag.String("k8sgpt", "", "stock k8sgpt to measure beside it; empty: looked up on PATH, skipped when absent; none: skipped")
	pods := flag.Int("pods", 10000, "pods to load")
	every := flag.Int("failing-every", 17, "one Deployment in this many fails as a whole (17: about 6 % of pods)")
	runs := flag.Int("runs", 3, "runs of poddoctor (median); k8sgpt runs once")
	workers := flag.Int("workers", 48, "loader requests in flight")
	root := flag.String("root", ".", "the repository (for test/node/audit-policy.yaml)")
	hold := flag.Duration("hold", 0, "after measuring, keep the loaded server this long (or until -hold-kubeconfig is removed), to measure more by hand")
	data := flag.String("data", "", "keep the loaded cluster in this directory (etcd's data and what was planted) and, when it holds one of the same size, reuse it instead of loading again")
	holdConfig := flag.String("hold-kubeconfig", "/tmp/poddoctor-bench-live.kubeconfig", "with -hold, where the admin kubeconfig is written")
	flag.Parse()
	if *poddoctor == "" {
		fmt.Fprintln(os.Stderr, "live: -poddoctor BIN is required")
		os.Exit(2)
	}
	if *k8sgpt == "none" {
		*k8sgpt = ""
	} else if *k8sgpt == "" {
		if p, err := exec.LookPath("k8sgpt"); err == nil {
			*k8sgpt = p
		}
	}
	if err := run(*root, *data, *poddoctor, *k8sgpt, *pods, *every, *runs, *workers, *hold, *holdConfig); err != nil {
		fmt.Fprintln(os.Stderr, "live:", err)
		os.Exit(1)
	}
}

func run(root, data, poddoctor, k8sgpt string, pods, every, runs, workers int, hold time.Duration, holdConfig string) error {
	ctx := context.Background()
	etcd, apiserver, err := apiservertest.Binaries()
	if err != nil {
		return err
	}
	policy, err := filepath.Abs(filepath.Join(root, "test", "node", "audit-policy.yaml"))
	if err != nil {
		return err
	}
	opts := apiservertest.Options{AuditPolicy: policy}
	saved := ""
	if data != "" {
		// Events live an hour by default; a kept cluster must keep them.
		opts.DataDir, opts.EventTTL = filepath.Join(data, "etcd"), 30*24*time.Hour
		saved = filepath.Join(data, fmt.Sprintf("load-%d-%d.json", pods, every))
		if _, err := os.Stat(saved); err != nil {
			// A partial or different load would mix with this one.
			if err := os.RemoveAll(data); err != nil {
				return err
			}
		}
		if err := os.MkdirAll(data, 0o700); err != nil {
			return err
		}
	}
	srv, err := apiservertest.StartWith(ctx, etcd, apiserver, opts)
	if err != nil {
		return err
	}
	defer srv.Stop()
	admin, err := kubernetes.NewForConfig(srv.Config(apiservertest.AdminToken))
	if err != nil {
		return err
	}
	start := time.Now()
	var loaded *apiservertest.Loaded
	if _, statErr := os.Stat(saved); saved != "" && statErr == nil {
		if loaded, err = apiservertest.Reattach(ctx, admin, saved, workers); err != nil {
			return fmt.Errorf("reuse the cluster kept in %s: %w", data, err)
		}
		fmt.Fprintf(os.Stderr, "reused the cluster kept in %s\n", data)
	} else {
		loadOpts := apiservertest.LoadOptions{
			Pods: pods, PodsPerApp: 10, FailingEvery: every, Namespaces: 20, PodsPerNode: 30, Workers: workers,
			Progress: func(n int64) {
				if n%10000 == 0 {
					fmt.Fprintf(os.Stderr, "  loaded %d objects in %s\n", n, time.Since(start).Round(time.Second))
				}
			},
		}
		if loaded, err = apiservertest.Load(ctx, admin, loadOpts); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		if saved != "" {
			if err := loaded.Save(saved, loadOpts); err != nil {
				return err
			}
		}
	}
	defer loaded.Close()
	loadTook := time.Since(start)
	fmt.Fprintf(os.Stderr, "loaded %d pods (%d failing), %d events, %d Deployments, %d nodes in %s\n",
		loaded.Pods, len(loaded.Failing), loaded.Events, loaded.Deployments, loaded.Nodes, loadTook.Round(time.Second))

	dir, err := os.MkdirTemp("", "poddoctor-bench-live-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := srv.WriteKubeconfig(kubeconfig, apiservertest.Kubeconfig{Token: apiservertest.AdminToken}); err != nil {
		return err
	}
	// Pages of 500, as kubectl and poddoctor list them.
	pages := (loaded.Pods+499)/500 + (loaded.Events+499)/500

	var rows []row
	for _, bin := range strings.Split(poddoctor, ",") {
		label, path, ok := strings.Cut(bin, "=")
		if !ok {
			label, path = "", bin
		}
		pd := measure(srv, "poddoctor/", runs, dir, func() *exec.Cmd {
			return exec.Command(path, "diagnose", "-A", "-o", "json", "--kubeconfig", kubeconfig)
		}, poddoctorPods)
		pd.tool = strings.TrimSpace("poddoctor diagnose -A " + label)
		rows = append(rows, pd)
	}
	if k8sgpt != "" {
		home := filepath.Join(dir, "k8sgpt-home")
		kg := measure(srv, "k8sgpt", 1, dir, func() *exec.Cmd {
			cmd := exec.Command(k8sgpt, "analyze", "--kubeconfig", kubeconfig, "-o", "json")
			cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+home)
			return cmd
		}, k8sgptPods)
		kg.tool = "k8sgpt analyze (v0.4.36)"
		rows = append(rows, kg)
	}

	fmt.Printf("Live diagnosis of %d pods (%d failing in %d ways), %d events, %d Deployments, %d nodes on kube-apiserver v1.37.2 (loaded in %s); list pages of 500: %d.\n\n",
		loaded.Pods, len(loaded.Failing), len(apiservertest.Failures), loaded.Events, loaded.Deployments, loaded.Nodes, loadTook.Round(time.Second), pages)
	fmt.Println("| tool | runs | wall s | CPU s | server CPU s | peak RSS MiB (max) | requests (audit log) | of them log reads | others − pages of 500 | failing pods found | writes |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, r := range rows {
		if r.err != nil {
			fmt.Printf("| %s | %d | failed: %v | | | | | | | | |\n", r.tool, r.runs, r.err)
			continue
		}
		found := 0
		var missed []string
		for _, p := range loaded.Failing {
			if r.found[p.Namespace+"/"+p.Name] {
				found++
			} else if len(missed) < 3 {
				missed = append(missed, p.Namespace+"/"+p.Name+" ("+p.Kind+")")
			}
		}
		foundText := fmt.Sprintf("%d of %d", found, len(loaded.Failing))
		if len(missed) > 0 {
			foundText += " (missed " + strings.Join(missed, ", ") + ")"
		}
		writes := "none"
		if len(r.audit.Writes) > 0 {
			writes = strings.Join(r.audit.Writes, ", ")
		}
		logs := r.audit.ByWhat["get pods/log"]
		fmt.Printf("| %s | %d | %.2f | %.2f | %.2f | %d | %d | %d | %+d | %s | %s |\n", r.tool, r.runs, r.wall, r.cpu, r.serverCPU, r.rssMiB, r.requests, logs, r.requests-logs-pages, foundText, writes)
	}
	fmt.Println()
	for _, r := range rows {
		if r.err == nil {
			fmt.Printf("- %s, last run: %s\n", r.tool, r.audit)
		}
	}
	fmt.Println()
	fmt.Println("Every run, with the machine's one-minute load average when it started and ended (2 cores; above 2, the runs waited for a processor):")
	fmt.Println()
	fmt.Println("| tool | run | wall s | load before | load after | CPU s | kube-apiserver CPU s | etcd CPU s | peak RSS MiB |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		for i, f := range r.each {
			fmt.Printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |\n", r.tool, i+1, f.wall, f.loadBefore, f.loadAfter, f.cpu, f.apiserverCPU, f.etcdCPU, f.rssMiB)
		}
	}
	for _, r := range rows {
		if r.trace != nil {
			fmt.Println()
			r.trace.print(os.Stdout, r.tool, r.each[len(r.each)-1].wall)
		}
	}
	if hold > 0 {
		if err := srv.WriteKubeconfig(holdConfig, apiservertest.Kubeconfig{Token: apiservertest.AdminToken}); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "holding the server for %s: kubeconfig %s (remove it to stop), audit log %s\n", hold, holdConfig, srv.AuditLog)
		for end := time.Now().Add(hold); time.Now().Before(end); time.Sleep(2 * time.Second) {
			if _, err := os.Stat(holdConfig); err != nil {
				break
			}
		}
		os.Remove(holdConfig)
	}
	return nil
}

// row is one tool's figures.
type row struct {
	tool string
	runs int
	wall float64
	cpu  float64 // user + system of the tool
	// serverCPU is what the run cost kube-apiserver and etcd.
	serverCPU float64
	rssMiB    int
	requests  int
	audit     apiservertest.AuditCount
	found     map[string]bool
	err       error
	// each holds every run's figures, in order.
	each []runFigures
	// trace is the request trace of the last run (poddoctor only).
	trace *requestTrace
}

// runFigures are one run's figures, with the machine's load beside them:
// a shared machine's wall times mean little without it.
type runFigures struct {
	wall, cpu, apiserverCPU, etcdCPU float64
	rssMiB                           int
	// load1 is the one-minute load average when the run started and
	// ended.
	loadBefore, loadAfter float64
}

// measure runs the command runs times under GNU time, and counts the
// requests of the last run in the audit log by user agent.
func measure(srv *apiservertest.Server, agent string, runs int, dir string, command func() *exec.Cmd, found func([]byte) (map[string]bool, error)) row {
	r := row{runs: runs}
	auditLog := srv.AuditLog
	var walls, cpus, serverCPUs []float64
	for i := range runs {
		apiBefore, etcdBefore, err := srv.CPUTime()
		if err != nil {
			r.err = err
			return r
		}
		before, err := apiservertest.ReadAudit(auditLog, agent)
		if err != nil {
			r.err = err
			return r
		}
		cmd := command()
		tracePath := filepath.Join(dir, "trace.tsv")
		_ = os.Remove(tracePath)
		if agent == "poddoctor/" {
			cmd.Env = append(os.Environ(), "PODDOCTOR_TRACE_REQUESTS="+tracePath)
		}
		timeFile := filepath.Join(dir, "time.txt")
		cmd.Args = append([]string{"/usr/bin/time", "-v", "-o", timeFile}, cmd.Args...)
		cmd.Path = "/usr/bin/time"
		var stderr strings.Builder
		cmd.Stderr = &stderr
		loadBefore := loadAverage()
		out, _ := cmd.Output() // both tools exit non-zero when they find problems
		loadAfter := loadAverage()
		wall, cpu, rss, err := readTime(timeFile)
		if err != nil {
			r.err = fmt.Errorf("%w: %s", err, stderr.String())
			return r
		}
		apiAfter, etcdAfter, err := srv.CPUTime()
		if err != nil {
			r.err = err
			return r
		}
		f := runFigures{wall: wall, cpu: cpu, rssMiB: rss / 1024, loadBefore: loadBefore, loadAfter: loadAfter,
			apiserverCPU: (apiAfter - apiBefore).Seconds(), etcdCPU: (etcdAfter - etcdBefore).Seconds()}
		r.each = append(r.each, f)
		serverCPU := f.apiserverCPU + f.etcdCPU
		walls, cpus, serverCPUs = append(walls, wall), append(cpus, cpu), append(serverCPUs, serverCPU)
		r.rssMiB = max(r.rssMiB, rss/1024)
		after, err := apiservertest.ReadAudit(auditLog, agent)
		if err != nil {
			r.err = err
			return r
		}
		r.requests = after.Requests - before.Requests
		r.audit = subtract(after, before)
		if r.found, err = found(out); err != nil {
			r.err = fmt.Errorf("read its output: %w (stderr: %s)", err, lastLine(stderr.String()))
			return r
		}
		if agent == "poddoctor/" {
			if r.trace, err = readRequestTrace(tracePath); errors.Is(err, fs.ErrNotExist) {
				r.trace = nil // a build from before PODDOCTOR_TRACE_REQUESTS
			} else if err != nil {
				r.err = fmt.Errorf("read its request trace: %w", err)
				return r
			}
		}
		fmt.Fprintf(os.Stderr, "  %s run %d: %.2f s (load %.1f-%.1f), %.2f s CPU, server %.2f s CPU, %d MiB, %d requests, %d pods with a finding\n", filepath.Base(cmd.Args[4]), i+1, wall, loadBefore, loadAfter, cpu, serverCPU, rss/1024, r.requests, len(r.found))
	}
	r.wall, r.cpu, r.serverCPU = median(walls), median(cpus), median(serverCPUs)
	return r
}

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

func subtract(after, before apiservertest.AuditCount) apiservertest.AuditCount {
	out := apiservertest.AuditCount{Requests: after.Requests - before.Requests, ByWhat: map[string]int{}, Writes: after.Writes}
	for k, n := range after.ByWhat {
		if d := n - before.ByWhat[k]; d > 0 {
			out.ByWhat[k] = d
		}
	}
	return out
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// readTime reads wall seconds, CPU seconds (user + system) and maximum
// resident set size (KiB) from GNU time -v output.
func readTime(path string) (wall, cpu float64, rssKiB int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "Elapsed (wall clock) time (h:mm:ss or m:ss): "); ok {
			for _, part := range strings.Split(v, ":") {
				f, err := strconv.ParseFloat(part, 64)
				if err != nil {
					return 0, 0, 0, fmt.Errorf("GNU time: wall %q: %w", v, err)
				}
				wall = wall*60 + f
			}
		}
		if v, ok := strings.CutPrefix(line, "Maximum resident set size (kbytes): "); ok {
			rssKiB, _ = strconv.Atoi(v)
		}
		for _, prefix := range []string{"User time (seconds): ", "System time (seconds): "} {
			if v, ok := strings.CutPrefix(line, prefix); ok {
				f, _ := strconv.ParseFloat(v, 64)
				cpu += f
			}
		}
	}
	if wall == 0 || rssKiB == 0 {
		return 0, 0, 0, fmt.Errorf("GNU time output without wall time or RSS:\n%s", data)
	}
	return wall, cpu, rssKiB, nil
}

// poddoctorPods are the "namespace/name" of the pods poddoctor's JSON
// report has a finding about.
func poddoctorPods(out []byte) (map[string]bool, error) {
	var report struct {
		Findings []struct {
			Object struct{ Kind, Namespace, Name string }
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		return nil, err
	}
	found := map[string]bool{}
	for _, f := range report.Findings {
		if f.Object.Kind == "Pod" {
			found[f.Object.Namespace+"/"+f.Object.Name] = true
		}
	}
	return found, nil
}

// k8sgptPods are the pods k8sgpt's JSON analysis names ("namespace/name").
func k8sgptPods(out []byte) (map[string]bool, error) {
	var report struct {
		Results []struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		return nil, err
	}
	found := map[string]bool{}
	for _, r := range report.Results {
		if r.Kind == "Pod" {
			found[r.Name] = true
		}
	}
	return found, nil
}
