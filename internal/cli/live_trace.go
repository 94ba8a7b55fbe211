package cli

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// processStart is close enough to when the process started for a trace:
// package variables are set before main runs.
var processStart = time.Now()

// traceEnv names a file to which a live diagnosis writes one line per
// request it sends: when it was sent, when the answer's headers came and
// when its body was read to the end, in milliseconds since the process
// started, with the bytes of the body and the request. bench/live reads it
// to show where the wall time of a run goes; nothing else depends on it.
const traceEnv = "PODDOCTOR_TRACE_REQUESTS"

// requestTrace writes the trace lines; safe for concurrent use.
type requestTrace struct {
	mu sync.Mutex
	f  *os.File
	w  *bufio.Writer
}

// openRequestTrace opens the trace file named by traceEnv, or returns nil
// when it is unset. A file that cannot be created is reported on stderr
// and the run goes on untraced.
func openRequestTrace(stderr io.Writer) *requestTrace {
	path := os.Getenv(traceEnv)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "poddoctor: %s: %v; requests are not traced\n", traceEnv, err)
		return nil
	}
	return &requestTrace{f: f, w: bufio.NewWriter(f)}
}

func sinceStart(t time.Time) float64 { return float64(t.Sub(processStart).Microseconds()) / 1000 }

// mark records a moment of the run ("cluster read").
func (t *requestTrace) mark(what string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "mark\t%.1f\t%s\n", sinceStart(time.Now()), what)
}

// close flushes and closes the file.
func (t *requestTrace) close() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.w.Flush()
	_ = t.f.Close()
}

// wrap returns a round tripper that traces every request through rt.
func (t *requestTrace) wrap(rt http.RoundTripper) http.RoundTripper {
	return &tracingTransport{trace: t, next: rt}
}

type tracingTransport struct {
	trace *requestTrace
	next  http.RoundTripper
}

func (tt *tracingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sent := time.Now()
	resp, err := tt.next.RoundTrip(req)
	headers := time.Now()
	if err != nil {
		tt.trace.request(req, sent, headers, headers, 0, "error")
		return resp, err
	}
	encoding := "identity"
	if resp.Uncompressed || resp.Header.Get("Content-Encoding") == "gzip" {
		encoding = "gzip"
	}
	resp.Body = &tracedBody{ReadCloser: resp.Body, done: func(n int64) {
		tt.trace.request(req, sent, headers, time.Now(), n, encoding)
	}}
	return resp, nil
}

func (t *requestTrace) request(req *http.Request, sent, headers, end time.Time, bytes int64, encoding string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.w, "request\t%.1f\t%.1f\t%.1f\t%d\t%s\t%s\t%s\n", sinceStart(sent), sinceStart(headers), sinceStart(end), bytes, encoding, req.Method, req.URL.RequestURI())
}

// tracedBody counts what is read of a body and reports once, at its end
// or when it is closed.
type tracedBody struct {
	io.ReadCloser
	n    int64
	once sync.Once
	done func(int64)
}

func (b *tracedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	if err == io.EOF {
		b.once.Do(func() { b.done(b.n) })
	}
	return n, err
}

func (b *tracedBody) Close() error {
	b.once.Do(func() { b.done(b.n) })
	return b.ReadCloser.Close()
}
