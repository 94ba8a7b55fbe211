package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

func TestLiveFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"pod names with -A", []string{"diagnose", "-A", "web-1"}, "pods cannot be named with -A/--all-namespaces"},
		{"-n with -A", []string{"diagnose", "-A", "-n", "shop"}, "-n/--namespace and -A/--all-namespaces cannot be given together"},
		{"pod names with -l", []string{"diagnose", "-l", "app=web", "web-1"}, "give pod names or -l/--selector, not both"},
		{"negative --logs", []string{"diagnose", "--logs", "-1"}, "--logs -1: give 0 or more"},
		{"bad selector", []string{"diagnose", "-l", "app==web==x"}, `-l/--selector "app==web==x"`},
		{"bad request timeout", []string{"diagnose", "--kubeconfig", "testdata/none", "--server", "https://127.0.0.1:1", "--request-timeout", "soon"}, "kubeconfig:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := run(t, "", tt.args...)
			if code != ExitError || out != "" {
				t.Fatalf("exit %d, stdout %q; want exit 2 and nothing", code, out)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Fatalf("stderr %q does not contain %q", stderr, tt.want)
			}
		})
	}
}

func TestNoClusterConfiguredIsNoInput(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KUBECONFIG", filepath.Join(dir, "missing"))
	t.Setenv("HOME", dir)
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	code, _, stderr := run(t, "", "diagnose")
	if code != ExitError || !strings.Contains(stderr, "no input: give saved cluster data with -f FILE|DIR|-, or a cluster with a kubeconfig") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(stderr, "localhost:8080") {
		t.Errorf("fell back to localhost:8080: %s", stderr)
	}
}

// -n and -l still narrow offline input, as they narrow what is listed live.
func TestOfflineNamespaceAndSelector(t *testing.T) {
	code, out, stderr := run(t, "", "diagnose", "-f", "../../testdata/diagnose/", "-n", "shop", "-o", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := parseReport(t, out)
	if len(r.Findings) == 0 {
		t.Fatal("-n shop found nothing")
	}
	for _, f := range r.Findings {
		if f.Object.Namespace != "shop" {
			t.Errorf("-n shop gave a finding in %s: %s %s", f.Object.Namespace, f.Object.Name, f.Rule)
		}
	}

	_, out, _ = run(t, "", "diagnose", "-f", "../../testdata/diagnose/image-typo-containerd.yaml", "-l", "app=queue", "-o", "json")
	r = parseReport(t, out)
	if len(r.Findings) == 0 {
		t.Fatal("-l app=queue found nothing")
	}
	for _, f := range r.Findings {
		if !strings.HasPrefix(f.Object.Name, "queue") {
			t.Errorf("-l app=queue gave a finding on %s", f.Object.Name)
		}
	}
	code, _, _ = run(t, "", "diagnose", "-f", "../../testdata/diagnose/image-typo-containerd.yaml", "-l", "app=nothing")
	if code != ExitOK {
		t.Errorf("-l matching no pod: exit %d, want 0", code)
	}
}

func TestProgressLineOnlyOnTerminals(t *testing.T) {
	if newProgressLine(&bytes.Buffer{}) != nil {
		t.Error("progress line on a buffer")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if newProgressLine(w) != nil {
		t.Error("progress line on a pipe")
	}
	var buf bytes.Buffer
	p := &progressLine{w: &buf}
	p.show(snapshot.LiveProgress{Stage: "pods", Read: 500, Requests: 1})
	p.show(snapshot.LiveProgress{Stage: "pods", Read: 1000, Requests: 2}) // too soon: not drawn
	p.clear()
	if got, want := buf.String(), "\r\033[Kpoddoctor: reading pods: 500 so far, 1 requests sent\r\033[K"; got != want {
		t.Errorf("progress wrote %q, want %q", got, want)
	}
}

func TestClusterErrors(t *testing.T) {
	const where = `cluster https://10.0.0.1:6443 (context "prod")`
	refused := &url.Error{Op: "Get", URL: "https://10.0.0.1:6443/api/v1/pods", Err: fmt.Errorf("dial tcp: %w", syscall.ECONNREFUSED)}
	perm := &snapshot.PermissionError{Verb: "list", Resource: "pods", Namespace: "shop", Err: errors.New("forbidden")}
	tests := []struct {
		name    string
		err     error
		timeout time.Duration
		want    string
	}{
		{"refused", refused, 0, "cannot reach " + where + ": connection refused"},
		{"timeout", fmt.Errorf("list pods: %w", context.DeadlineExceeded), 2 * time.Second, where + " did not answer within 2s (--request-timeout)"},
		{"timeout without --request-timeout", fmt.Errorf("list pods: %w", context.DeadlineExceeded), 0, where + " did not answer (give --request-timeout to wait less)"},
		{"unauthorized", apierrors.NewUnauthorized("Unauthorized"), 0, where + " rejected the credentials (401 Unauthorized)"},
		{"permission", perm, 0, `cannot list pods in namespace "shop": forbidden`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clusterError(tt.err, where, tt.timeout)
			if !strings.HasPrefix(got.Error(), tt.want) {
				t.Errorf("got %q, want it to start with %q", got, tt.want)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("%v does not wrap %v", got, tt.err)
			}
		})
	}
}
