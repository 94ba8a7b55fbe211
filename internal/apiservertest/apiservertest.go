// Package apiservertest runs a real etcd and kube-apiserver on loopback for
// integration tests: no kubelet, no controller manager, no scheduler, so a
// test plays those parts itself by writing objects and their status.
//
// etcd comes from the system (Debian's etcd-server package, or
// $PODDOCTOR_ETCD); kube-apiserver is built from k8s.io/kubernetes by
// test/apiserver/build.sh, which caches it by version, or taken from
// $PODDOCTOR_KUBE_APISERVER; a test never builds it unless
// $PODDOCTOR_REQUIRE_APISERVER is set. When either cannot be had, Shared
// skips the test with one message saying what to install or build, or
// fails it when $PODDOCTOR_REQUIRE_APISERVER is set (test/run.sh and CI,
// where a skip would hide a gap).
//
// A test package shares one server:
//
//	func TestMain(m *testing.M) { os.Exit(apiservertest.Main(m)) }
//
//	func TestSomething(t *testing.T) {
//		srv := apiservertest.Shared(t)
//		client := kubernetes.NewForConfigOrDie(srv.Config(apiservertest.AdminToken))
//		...
//	}
package apiservertest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// AdminToken authenticates as "admin", in the system:masters group: every
// permission.
const AdminToken = "token-admin"

// RestrictedUsers have no permission at all until a test binds a Role to
// them. Each authenticates with Token(name).
var RestrictedUsers = []string{"restricted-1", "restricted-2", "restricted-3", "restricted-4", "restricted-5", "restricted-6"}

// Token is the bearer token of the user name (admin or a RestrictedUsers
// name).
func Token(name string) string { return "token-" + name }

// Server is a running etcd and kube-apiserver.
type Server struct {
	// URL is the API server's address, https://127.0.0.1:PORT.
	URL string
	// CAData is the PEM certificate that signed the server's certificate.
	CAData []byte
	// AuditLog is the API server's audit log when Options.AuditPolicy
	// asked for one (see ReadAudit).
	AuditLog string

	dir       string
	etcd      *process
	apiserver *process
	stopOnce  sync.Once
}

// process is a server this package started; done closes when it exits.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

// Config returns a client configuration that authenticates with token.
func (s *Server) Config(token string) *rest.Config {
	return &rest.Config{
		Host:            s.URL,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{CAData: s.CAData},
		QPS:             -1, // no client-side throttling in tests
	}
}

// Kubeconfig says what WriteKubeconfig writes.
type Kubeconfig struct {
	// Server and CAData default to the server's own; set them to reach it
	// through a proxy. (client-go sends credentials only over https.)
	Server string
	CAData []byte
	// Token authenticates: AdminToken or Token(name).
	Token string
	// Namespace is the context's namespace.
	Namespace string
}

// WriteKubeconfig writes a kubeconfig to path whose current context, named
// "test", reaches the server as k says.
func (s *Server) WriteKubeconfig(path string, k Kubeconfig) error {
	if k.Server == "" {
		k.Server, k.CAData = s.URL, s.CAData
	}
	cfg := clientcmdapi.NewConfig()
	cluster := clientcmdapi.NewCluster()
	cluster.Server = k.Server
	cluster.CertificateAuthorityData = k.CAData
	cfg.Clusters["test"] = cluster
	user := clientcmdapi.NewAuthInfo()
	user.Token = k.Token
	cfg.AuthInfos["test"] = user
	kctx := clientcmdapi.NewContext()
	kctx.Cluster, kctx.AuthInfo, kctx.Namespace = "test", "test", k.Namespace
	cfg.Contexts["test"] = kctx
	cfg.CurrentContext = "test"
	return clientcmd.WriteToFile(*cfg, path)
}

// Pause stops the API server process (SIGSTOP) without closing its socket:
// connections are accepted and never answered, as with a hung server.
// Resume continues it.
func (s *Server) Pause() error { return signalStop(s.apiserver.cmd.Process) }

// Resume continues a paused API server (SIGCONT).
func (s *Server) Resume() error { return signalCont(s.apiserver.cmd.Process) }

// Stop ends the API server and etcd, by their process ids, and removes
// their files. It may be called more than once.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		for _, p := range []*process{s.apiserver, s.etcd} {
			if p != nil {
				p.terminate()
			}
		}
		if s.dir != "" {
			_ = os.RemoveAll(s.dir)
		}
	})
}

// terminate asks the process to end (SIGTERM to its pid), and kills it
// when it has not within ten seconds.
func (p *process) terminate() {
	_ = signalCont(p.cmd.Process) // a paused process cannot act on SIGTERM
	_ = signalTerm(p.cmd.Process)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// Options say how Start runs the servers. The zero value is what tests use.
type Options struct {
	// AuditPolicy, when set, is an audit policy file (test/node's
	// audit-policy.yaml logs every request at Metadata level); the API
	// server then writes its audit log, one JSON event a line, to
	// Server.AuditLog, in blocking mode so no request is missing from it.
	AuditPolicy string
	// DataDir, when set, is etcd's data directory, kept by Stop: a later
	// StartWith with the same DataDir serves the objects written before,
	// so a benchmark loads a large cluster once (see Reattach).
	DataDir string
	// EventTTL is how long the API server keeps an Event (its
	// --event-ttl; 0 leaves its default of one hour). A kept DataDir
	// needs longer, or its events expire between runs.
	EventTTL time.Duration
}

// Start starts etcd and kube-apiserver on free loopback ports and waits
// until the API server is ready. Stop ends them.
func Start(ctx context.Context, etcdPath, apiserverPath string) (*Server, error) {
	return StartWith(ctx, etcdPath, apiserverPath, Options{})
}

// StartWith is Start with options.
func StartWith(ctx context.Context, etcdPath, apiserverPath string, opts Options) (_ *Server, err error) {
	dir, err := os.MkdirTemp("", "poddoctor-apiserver-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir}
	defer func() {
		if err != nil {
			s.Stop()
		}
	}()
	ports, err := FreePorts(3)
	if err != nil {
		return nil, err
	}
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	dataDir := filepath.Join(dir, "etcd")
	if opts.DataDir != "" {
		dataDir = opts.DataDir
	}
	s.etcd, err = startProcess(dir, "etcd", etcdPath,
		"--name=default",
		"--data-dir="+dataDir,
		"--listen-client-urls="+etcdURL,
		"--advertise-client-urls="+etcdURL,
		"--listen-peer-urls="+peerURL,
		"--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=default="+peerURL,
	)
	if err != nil {
		return nil, err
	}
	if err := waitReady(ctx, s.etcd, dir, http.DefaultClient, etcdURL+"/health", ""); err != nil {
		return nil, err
	}

	files, err := writeCredentials(dir)
	if err != nil {
		return nil, err
	}
	s.CAData = files.caPEM
	s.URL = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", ports[2]),
		"--tls-cert-file=" + files.cert,
		"--tls-private-key-file=" + files.key,
		"--token-auth-file=" + files.tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + files.saPublic,
		"--service-account-signing-key-file=" + files.saPrivate,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
	}
	if opts.EventTTL > 0 {
		args = append(args, "--event-ttl="+opts.EventTTL.String())
	}
	if opts.AuditPolicy != "" {
		s.AuditLog = filepath.Join(dir, "audit.log")
		args = append(args, "--audit-policy-file="+opts.AuditPolicy, "--audit-log-path="+s.AuditLog, "--audit-log-mode=blocking")
	}
	s.apiserver, err = startProcess(dir, "kube-apiserver", apiserverPath, args...)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CAData)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 5 * time.Second}
	if err := waitReady(ctx, s.apiserver, dir, client, s.URL+"/readyz", AdminToken); err != nil {
		return nil, err
	}
	return s, nil
}

// startProcess starts a server with its output in DIR/NAME.log.
func startProcess(dir, name, path string, args ...string) (*process, error) {
	log, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	defer log.Close() // the child holds its own descriptor
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// waitReady polls url until it answers 200, the process exits, or two
// minutes pass (a first start on a loaded machine is slow).
func waitReady(ctx context.Context, p *process, dir string, client *http.Client, url, token string) error {
	deadline := time.Now().Add(2 * time.Minute)
	var last string
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%s: %s", resp.Status, lastLines(body, 5))
		} else {
			last = err.Error()
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited before it was ready (%s):\n%s", p.name, p.cmd.ProcessState, logTail(dir, p.name))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s not ready after 2 minutes (%s):\n%s", p.name, last, logTail(dir, p.name))
}

func logTail(dir, name string) string {
	data, err := os.ReadFile(filepath.Join(dir, name+".log"))
	if err != nil {
		return err.Error()
	}
	return lastLines(data, 30)
}

func lastLines(data []byte, n int) string {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// FreePorts returns n distinct free loopback ports. They are free when
// asked; a server started at once almost always gets them.
func FreePorts(n int) ([]int, error) {
	var ports []int
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
