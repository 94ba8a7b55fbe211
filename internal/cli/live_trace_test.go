package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRequestTraceRecordsEachRequest: with PODDOCTOR_TRACE_REQUESTS set,
// every request through the wrapped transport gets one line, with its
// times in order and the bytes of its body, and marks get theirs.
func TestRequestTraceRecordsEachRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("x", 1000))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "trace.tsv")
	t.Setenv(traceEnv, path)
	var stderr strings.Builder
	trace := openRequestTrace(&stderr)
	if trace == nil {
		t.Fatalf("no trace opened: %s", stderr.String())
	}
	client := &http.Client{Transport: trace.wrap(http.DefaultTransport)}
	trace.mark("reading the cluster")
	for _, p := range []string{"/api/v1/pods?limit=5000", "/api/v1/events"} {
		resp, err := client.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	trace.close()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "mark\t") || !strings.HasSuffix(lines[0], "\treading the cluster") {
		t.Fatalf("trace = %q, want a mark and two requests", lines)
	}
	for i, want := range []string{"/api/v1/pods?limit=5000", "/api/v1/events"} {
		f := strings.Split(lines[i+1], "\t")
		if len(f) != 8 || f[0] != "request" || f[6] != "GET" || f[7] != want || f[4] != "1000" {
			t.Errorf("line %q, want a GET of %s with 1000 bytes", lines[i+1], want)
			continue
		}
		sent, _ := strconv.ParseFloat(f[1], 64)
		headers, _ := strconv.ParseFloat(f[2], 64)
		end, _ := strconv.ParseFloat(f[3], 64)
		if !(0 < sent && sent <= headers && headers <= end) {
			t.Errorf("times %v, %v, %v out of order in %q", sent, headers, end, lines[i+1])
		}
	}
}

// TestRequestTraceOffByDefault: without the variable nothing is traced.
func TestRequestTraceOffByDefault(t *testing.T) {
	t.Setenv(traceEnv, "")
	if trace := openRequestTrace(io.Discard); trace != nil {
		t.Errorf("a trace was opened without %s", traceEnv)
	}
}
