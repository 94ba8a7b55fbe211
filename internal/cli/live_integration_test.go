package cli

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/poddoctor/poddoctor/internal/apiservertest"
)

func TestMain(m *testing.M) { os.Exit(apiservertest.Main(m)) }

// methodRecorder is a reverse proxy in front of the API server that records
// the method and path of every request poddoctor sends.
type methodRecorder struct {
	proxy    *httputil.ReverseProxy
	mu       sync.Mutex
	requests []string
}

func (m *methodRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests = append(m.requests, r.Method+" "+r.URL.Path)
	m.mu.Unlock()
	m.proxy.ServeHTTP(w, r)
}

func (m *methodRecorder) sent() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.requests)
}

// newMethodRecorder starts the proxy and returns how a kubeconfig reaches it.
func newMethodRecorder(t *testing.T, srv *apiservertest.Server) (*methodRecorder, apiservertest.Kubeconfig) {
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CAData)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	rec := &methodRecorder{proxy: proxy}
	front := httptest.NewTLSServer(rec)
	t.Cleanup(front.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: front.Certificate().Raw})
	return rec, apiservertest.Kubeconfig{Server: front.URL, CAData: ca}
}

type jsonReport struct {
	Findings []struct {
		Rule      string `json:"rule"`
		Container string `json:"container"`
		Object    struct {
			Kind, Namespace, Name string
		} `json:"object"`
		Evidence []string `json:"evidence"`
	} `json:"findings"`
}

// keys are "Kind namespace/name container rule", sorted.
func (r jsonReport) keys() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Object.Kind+" "+f.Object.Namespace+"/"+f.Object.Name+" "+f.Container+" "+f.Rule)
	}
	slices.Sort(out)
	return out
}

func parseReport(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("-o json output is not JSON: %v\n%s", err, out)
	}
	return r
}

// TestDiagnoseLiveCluster runs `poddoctor diagnose` through cli.Run against a
// real kube-apiserver and etcd, with the cluster reached through a
// kubeconfig as a user would.
func TestDiagnoseLiveCluster(t *testing.T) {
	srv := apiservertest.Shared(t)
	ctx := context.Background()
	admin, err := kubernetes.NewForConfig(srv.Config(apiservertest.AdminToken))
	if err != nil {
		t.Fatal(err)
	}
	scene, err := apiservertest.NewScene(ctx, admin, "shop", "worker-1", 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(scene.Close)
	other, err := apiservertest.NewScene(ctx, admin, "billing", "worker-2", 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)

	dir := t.TempDir()
	rec, proxied := newMethodRecorder(t, srv)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	// The context's namespace is shop: the default of a live run.
	proxied.Token, proxied.Namespace = apiservertest.AdminToken, "shop"
	if err := srv.WriteKubeconfig(kubeconfig, proxied); err != nil {
		t.Fatal(err)
	}
	direct := filepath.Join(dir, "direct")
	if err := srv.WriteKubeconfig(direct, apiservertest.Kubeconfig{Token: apiservertest.AdminToken, Namespace: "shop"}); err != nil {
		t.Fatal(err)
	}

	t.Run("namespace of the context, same findings as offline, only GETs", func(t *testing.T) {
		code, out, stderr := run(t, "", "diagnose", "--kubeconfig", kubeconfig, "-o", "json")
		if code != ExitFindings {
			t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr)
		}
		live := parseReport(t, out)
		saved := filepath.Join(dir, "saved.json")
		saveNamespace(t, admin, "shop", saved)
		code, out, stderr = run(t, "", "diagnose", "-f", saved, "-n", "shop", "-o", "json")
		if code != ExitFindings {
			t.Fatalf("offline: exit %d; stderr: %s", code, stderr)
		}
		offline := parseReport(t, out)
		if !slices.Equal(live.keys(), offline.keys()) {
			t.Errorf("live findings:\n%s\noffline findings:\n%s", strings.Join(live.keys(), "\n"), strings.Join(offline.keys(), "\n"))
		}
		for _, k := range live.keys() {
			if !strings.Contains(k, " shop/") {
				t.Errorf("finding outside the context's namespace: %s", k)
			}
		}
		for _, r := range rec.sent() {
			if !strings.HasPrefix(r, "GET ") {
				t.Errorf("poddoctor sent %s; it must only read", r)
			}
		}
		if len(rec.sent()) == 0 {
			t.Errorf("no request went through the recording proxy")
		}
	})

	t.Run("text output shows the log tail under the finding", func(t *testing.T) {
		code, out, stderr := run(t, "", "diagnose", "--kubeconfig", kubeconfig, "--no-color", scene.CrashPod)
		if code != ExitFindings {
			t.Fatalf("exit %d; stderr: %s", code, stderr)
		}
		if !strings.Contains(out, "panic: DATABASE_URL is not set") || !strings.Contains(out, "crash-loop") {
			t.Errorf("output lacks the crash loop and its log tail:\n%s", out)
		}
		if strings.Contains(out, scene.PullPod) {
			t.Errorf("output of one named pod shows another:\n%s", out)
		}
		if strings.Contains(stderr, "\r") {
			t.Errorf("progress written to a non-terminal stderr: %q", stderr)
		}
	})

	t.Run("-A, -n and -l", func(t *testing.T) {
		_, out, _ := run(t, "", "diagnose", "--kubeconfig", kubeconfig, "-A", "-o", "json")
		all := strings.Join(parseReport(t, out).keys(), "\n")
		if !strings.Contains(all, "shop/"+scene.CrashPod) || !strings.Contains(all, "billing/"+other.CrashPod) {
			t.Errorf("-A findings lack one of the namespaces:\n%s", all)
		}
		_, out, _ = run(t, "", "diagnose", "--kubeconfig", kubeconfig, "-n", "billing", "-o", "json")
		billing := strings.Join(parseReport(t, out).keys(), "\n")
		if strings.Contains(billing, "shop/") || !strings.Contains(billing, "billing/"+other.PullPod) {
			t.Errorf("-n billing findings:\n%s", billing)
		}
		_, out, _ = run(t, "", "diagnose", "--kubeconfig", kubeconfig, "-l", "app=queue", "-o", "json")
		keys := parseReport(t, out).keys()
		if len(keys) == 0 {
			t.Fatalf("-l app=queue found nothing")
		}
		for _, k := range keys {
			if !strings.Contains(k, "queue") {
				t.Errorf("-l app=queue finding about another app: %s", k)
			}
		}
		code, _, stderr := run(t, "", "diagnose", "--kubeconfig", kubeconfig, "-n", "empty-namespace")
		if code != ExitOK {
			t.Errorf("an empty namespace: exit %d, stderr %s", code, stderr)
		}
	})

	t.Run("a user who cannot list pods: exit 2 naming the permission", func(t *testing.T) {
		kc := filepath.Join(dir, "restricted")
		if err := srv.WriteKubeconfig(kc, apiservertest.Kubeconfig{Token: apiservertest.Token("restricted-1"), Namespace: "shop"}); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := run(t, "", "diagnose", "--kubeconfig", kc, "-o", "json")
		if code != ExitError || out != "" {
			t.Errorf("exit %d, stdout %q; want exit 2 and no output", code, out)
		}
		if !strings.Contains(stderr, `cannot list pods in namespace "shop": forbidden: needs RBAC permission "list" on "pods"`) {
			t.Errorf("stderr = %s", stderr)
		}
	})

	t.Run("a hung API server and --request-timeout: exit 2", func(t *testing.T) {
		if err := srv.Pause(); err != nil {
			t.Skipf("cannot pause the API server: %v", err)
		}
		probe := &http.Client{Timeout: 300 * time.Millisecond, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
		if resp, err := probe.Get(srv.URL + "/readyz"); err == nil {
			resp.Body.Close()
			_ = srv.Resume()
			t.Fatalf("the paused API server still answers: %s", resp.Status)
		}
		start := time.Now()
		code, _, stderr := run(t, "", "diagnose", "--kubeconfig", direct, "--request-timeout", "2s")
		took := time.Since(start)
		if err := srv.Resume(); err != nil {
			t.Fatal(err)
		}
		if code != ExitError {
			t.Errorf("exit %d, want %d", code, ExitError)
		}
		if !strings.Contains(stderr, "did not answer within 2s (--request-timeout)") || !strings.Contains(stderr, srv.URL) {
			t.Errorf("stderr = %s", stderr)
		}
		t.Logf("gave up after %s: %s", took.Round(time.Millisecond), strings.TrimSpace(stderr))
	})

	t.Run("an API server that is not there: exit 2", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		closed := "https://" + l.Addr().String()
		l.Close()
		kc := filepath.Join(dir, "gone")
		if err := srv.WriteKubeconfig(kc, apiservertest.Kubeconfig{Server: closed, CAData: srv.CAData, Token: apiservertest.AdminToken, Namespace: "shop"}); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, "", "diagnose", "--kubeconfig", kc)
		if code != ExitError || !strings.Contains(stderr, "cannot reach cluster "+closed+` (context "test"): connection refused`) {
			t.Errorf("exit %d, stderr = %s", code, stderr)
		}
	})
}

// saveNamespace writes what `kubectl get pods,events,replicasets,
// deployments,nodes -o json` would print for namespace.
func saveNamespace(t *testing.T, client kubernetes.Interface, namespace, path string) {
	t.Helper()
	ctx := context.Background()
	var items []any
	add := func(apiVersion, kind string, list any, err error) {
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(list)
		var l struct{ Items []map[string]any }
		if err := json.Unmarshal(data, &l); err != nil {
			t.Fatal(err)
		}
		for _, item := range l.Items {
			item["apiVersion"], item["kind"] = apiVersion, kind
			items = append(items, item)
		}
	}
	pods, err := client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{})
	add("v1", "Pod", pods, err)
	events, err := client.CoreV1().Events(namespace).List(ctx, metav1.ListOptions{})
	add("v1", "Event", events, err)
	rs, err := client.AppsV1().ReplicaSets(namespace).List(ctx, metav1.ListOptions{})
	add("apps/v1", "ReplicaSet", rs, err)
	deployments, err := client.AppsV1().Deployments(namespace).List(ctx, metav1.ListOptions{})
	add("apps/v1", "Deployment", deployments, err)
	nodes, err := client.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	add("v1", "Node", nodes, err)
	data, err := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "List", "items": items})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
