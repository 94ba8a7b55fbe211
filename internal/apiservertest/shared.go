package apiservertest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

var shared struct {
	once   sync.Once
	server *Server
	// skip is why there is no server because the binaries cannot be had;
	// err is why one did not start although they could.
	skip string
	err  error
	took time.Duration
}

// Shared returns the test package's server, starting it on first use.
// When etcd or kube-apiserver cannot be had (kube-apiserver is built only
// with $PODDOCTOR_REQUIRE_APISERVER set: see Binaries) it skips t, with one
// message saying what to install or build; with
// $PODDOCTOR_REQUIRE_APISERVER set it fails t instead. A server that would
// not start fails t.
//
// The package's TestMain must call Main, which stops the server.
func Shared(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() {
		start := time.Now()
		etcd, apiserver, err := Binaries()
		if err != nil {
			shared.skip = err.Error()
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		shared.server, shared.err = Start(ctx, etcd, apiserver)
		shared.took = time.Since(start)
	})
	switch {
	case shared.skip != "" && os.Getenv("PODDOCTOR_REQUIRE_APISERVER") != "":
		t.Fatalf("PODDOCTOR_REQUIRE_APISERVER is set, but no API server can be run: %s", shared.skip)
	case shared.skip != "":
		t.Skipf("SKIPPED: integration test against a real kube-apiserver and etcd: %s", shared.skip)
	case shared.err != nil:
		t.Fatalf("start etcd and kube-apiserver: %v", shared.err)
	}
	t.Logf("kube-apiserver at %s (started in %s)", shared.server.URL, shared.took.Round(time.Millisecond))
	return shared.server
}

// Main runs the package's tests and then stops the shared server, if one
// was started. Use it as os.Exit(apiservertest.Main(m)) in TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if shared.server != nil {
		shared.server.Stop()
	}
	return code
}
