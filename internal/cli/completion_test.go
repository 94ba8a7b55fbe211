package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// completions runs cobra's hidden __complete command and returns the
// offered values (descriptions cut off) without the directive line.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, stderr := run(t, "", append([]string{"__complete"}, args...)...)
	if code != ExitOK {
		t.Fatalf("__complete %v: exit %d, stderr %s", args, code, stderr)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" || strings.HasPrefix(line, ":") {
			continue
		}
		value, _, _ := strings.Cut(line, "\t")
		values = append(values, value)
	}
	return values
}

func TestFlagValueCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"lint", "-o", ""}, []string{"text", "json", "sarif", "junit", "github", "codeclimate"}},
		{[]string{"diagnose", "-o", ""}, []string{"text", "json", "sarif", "junit", "github", "codeclimate", "facts"}},
		{[]string{"lint", "--fail-on", ""}, []string{"error", "warning", "info", "none"}},
		{[]string{"diagnose", "--min-severity", ""}, []string{"error", "warning", "info"}},
		{[]string{"lint", "--color", ""}, []string{"auto", "always", "never"}},
		{[]string{"lint", "--disable", "latest-t"}, []string{"latest-tag"}},
		{[]string{"lint", "--disable", "latest-tag,privileged-c"}, []string{"latest-tag,privileged-container"}},
		{[]string{"diagnose", "--enable", "image-ty"}, []string{"image-typo"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got := completions(t, tt.args...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("completions = %v, want %v", got, tt.want)
			}
		})
	}
}

// fakeCluster serves namespace and pod lists, and records every request's
// method, so the test can prove completion only reads.
func fakeCluster(t *testing.T) (kubeconfig string, methods func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	list := func(kind string, names ...string) []byte {
		var items []any
		for _, n := range names {
			meta := metav1.ObjectMeta{Name: n}
			if kind == "PodList" {
				meta.Namespace = "shop"
				items = append(items, corev1.Pod{ObjectMeta: meta})
			} else {
				items = append(items, corev1.Namespace{ObjectMeta: meta})
			}
		}
		data, _ := json.Marshal(map[string]any{"kind": kind, "apiVersion": "v1", "metadata": map[string]any{}, "items": items})
		return data
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/namespaces":
			w.Write(list("NamespaceList", "shop", "default", "kube-system"))
		case "/api/v1/namespaces/shop/pods":
			w.Write(list("PodList", "web-7d9f8b6c5d-x2k4p", "db-0"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	kubeconfig = writeKubeconfig(t, srv.URL)
	return kubeconfig, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

func writeKubeconfig(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	config := `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: "` + server + `"}
- name: other
  cluster: {server: "` + server + `"}
contexts:
- name: test
  context: {cluster: test, namespace: shop, user: u}
- name: staging
  context: {cluster: other, user: u}
current-context: test
users:
- name: u
  user: {token: not-a-secret}
`
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLiveCompletion(t *testing.T) {
	kubeconfig, methods := fakeCluster(t)
	if got, want := completions(t, "diagnose", "--kubeconfig", kubeconfig, "--context", ""), []string{"staging", "test"}; !slices.Equal(got, want) {
		t.Errorf("--context completions = %v, want %v", got, want)
	}
	if got, want := completions(t, "diagnose", "--kubeconfig", kubeconfig, "-n", ""), []string{"default", "kube-system", "shop"}; !slices.Equal(got, want) {
		t.Errorf("-n completions = %v, want %v", got, want)
	}
	if got, want := completions(t, "diagnose", "--kubeconfig", kubeconfig, ""), []string{"db-0", "web-7d9f8b6c5d-x2k4p"}; !slices.Equal(got, want) {
		t.Errorf("pod completions = %v, want %v", got, want)
	}
	if got, want := completions(t, "diagnose", "--kubeconfig", kubeconfig, "db-0", ""), []string{"web-7d9f8b6c5d-x2k4p"}; !slices.Equal(got, want) {
		t.Errorf("pod completions after db-0 = %v, want %v", got, want)
	}
	for _, m := range methods() {
		if !strings.HasPrefix(m, "GET ") {
			t.Errorf("completion made a %s request", m)
		}
	}
}

// TestLiveCompletionUnreachable checks that a cluster that does not answer
// costs a bounded wait and offers nothing, without an error in the prompt.
func TestLiveCompletionUnreachable(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(hang); srv.Close() })
	kubeconfig := writeKubeconfig(t, srv.URL)
	code, out, stderr := run(t, "", "__complete", "diagnose", "--kubeconfig", kubeconfig, "--request-timeout", "300ms", "-n", "")
	if code != ExitOK || strings.TrimSpace(out) != ":4" {
		t.Errorf("exit %d, out %q, want no values and the no-file directive", code, out)
	}
	if strings.Contains(stderr, "error") {
		t.Errorf("stderr %q", stderr)
	}
}

func TestMistypedFlag(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--fail-onn", "error", examples}, "unknown flag: --fail-onn: did you mean --fail-on?"},
		{[]string{"lint", "--min-severty=info", examples}, "did you mean --min-severity?"},
		{[]string{"diagnose", "--namspace", "shop"}, "did you mean --namespace?"},
		// A long flag typed with one dash; -m is no shorthand, so pflag
		// names it (-fail-on would read as -f, a chart's values file).
		{[]string{"lint", "-min-severity", "info", examples}, "did you mean --min-severity?"},
		{[]string{"lint", "--zzzzzzzz", examples}, "unknown flag: --zzzzzzzz (see poddoctor lint --help)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != ExitError || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q, want exit 2 with %q", code, stderr, tt.want)
			}
		})
	}
}

func TestUseColor(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	pipe := &strings.Builder{} // not a terminal
	tests := []struct {
		name    string
		mode    string
		noColor bool
		env     map[string]string
		want    bool
	}{
		{"auto into a pipe", "auto", false, nil, false},
		{"always into a pipe", "always", false, nil, true},
		{"always beats NO_COLOR", "always", false, map[string]string{"NO_COLOR": "1"}, true},
		{"never beats CLICOLOR_FORCE", "never", false, map[string]string{"CLICOLOR_FORCE": "1"}, false},
		{"--no-color is never", "auto", true, map[string]string{"CLICOLOR_FORCE": "1"}, false},
		{"CLICOLOR_FORCE into a pipe", "auto", false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"CLICOLOR_FORCE=0 does not force", "auto", false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{"NO_COLOR beats CLICOLOR_FORCE", "auto", false, map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := useColor(pipe, tt.mode, tt.noColor, env(tt.env)); got != tt.want {
				t.Errorf("useColor = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestColorFlag(t *testing.T) {
	_, out, _ := run(t, "", "lint", "--color", "always", examples+"/typo.yaml")
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("--color=always printed no colour:\n%s", out)
	}
	_, out, _ = run(t, "", "lint", "--color", "never", examples+"/typo.yaml")
	if strings.Contains(out, "\x1b[") {
		t.Errorf("--color=never printed colour")
	}
	code, _, stderr := run(t, "", "lint", "--color", "sometimes", examples)
	if code != ExitError || !strings.Contains(stderr, "want auto, always or never") {
		t.Errorf("--color sometimes: exit %d, stderr %q", code, stderr)
	}
}
