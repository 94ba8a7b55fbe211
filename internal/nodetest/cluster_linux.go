//go:build linux

package nodetest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/poddoctor/poddoctor/internal/apiservertest"
)

// The node's fixed names. One e2e cluster runs on a machine at a time (the
// registry's port 5000 is fixed by the scenarios' image names).
const (
	NodeName     = "poddoctor-e2e"
	BridgeName   = "pdoctor0"
	NodeIP       = "10.88.77.1"
	PodSubnet    = "10.88.77.0/24"
	CgroupRoot   = "poddoctor-e2e"
	RegistryAddr = "127.0.0.1:5000"
	cniNetwork   = "poddoctor-e2e"
	adminToken   = "token-e2e-admin"

	// BusyboxImage is imported into containerd (never pulled); PauseImage
	// is containerd's sandbox image, a busybox that sleeps.
	BusyboxImage = "docker.io/library/busybox:1.36"
	PauseImage   = "localhost/poddoctor/pause:e2e"
	// RegistryImage is pushed to the local registry as library/nginx:1.27
	// (a busybox, whatever the name says) and pulled from it.
	RegistryImage = "library/nginx:1.27"
)

// Tools are the programs the node is made of.
type Tools struct {
	Etcd, APIServer, ControllerManager, Scheduler, Kubelet, Kubectl string
	Containerd, Shim, Runc, Ctr, Registry, Busybox, IP              string
	// NodeDir is test/node: the configuration templates and runc-wrapper.
	NodeDir string
}

// FindTools finds every program; the error says what is missing and how to
// get it. build is test/apiserver/build.sh, which builds the Kubernetes
// binaries once per version (minutes) and caches them.
func FindTools(build string) (Tools, error) {
	var t Tools
	var missing []string
	look := func(dst *string, name, pkg string, paths ...string) {
		for _, p := range paths {
			if info, err := os.Stat(p); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
				*dst = p
				return
			}
		}
		if p, err := exec.LookPath(name); err == nil {
			*dst = p
			return
		}
		missing = append(missing, fmt.Sprintf("%s (Debian package %s)", name, pkg))
	}
	look(&t.Etcd, "etcd", "etcd-server")
	look(&t.Containerd, "containerd", "containerd")
	look(&t.Shim, "containerd-shim-runc-v2", "containerd")
	look(&t.Ctr, "ctr", "containerd")
	look(&t.Runc, "runc", "runc")
	look(&t.Registry, "docker-registry", "docker-registry")
	look(&t.Busybox, "busybox", "busybox-static", "/bin/busybox")
	look(&t.IP, "ip", "iproute2")
	for _, plugin := range []string{"bridge", "host-local", "loopback"} {
		if _, err := os.Stat(filepath.Join("/usr/lib/cni", plugin)); err != nil {
			missing = append(missing, fmt.Sprintf("/usr/lib/cni/%s (Debian package containernetworking-plugins)", plugin))
		}
	}
	if t.Busybox != "" {
		if out, err := exec.Command("file", "-L", t.Busybox).Output(); err == nil && bytes.Contains(out, []byte("dynamically linked")) {
			missing = append(missing, "a static busybox (Debian package busybox-static)")
		}
	}
	if len(missing) > 0 {
		return t, fmt.Errorf("missing %s: apt-get install -y etcd-server containerd runc containernetworking-plugins busybox-static docker-registry iproute2", strings.Join(missing, ", "))
	}
	t.NodeDir = filepath.Join(filepath.Dir(filepath.Dir(build)), "node")
	if _, err := exec.LookPath("go"); err != nil {
		return t, fmt.Errorf("the Kubernetes binaries are built with %s, and there is no go command", build)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("sh", build, "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kubectl")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return t, fmt.Errorf("build the Kubernetes binaries with %s: %v (it needs the Go module proxy once per version):\n%s", build, err, tail(stderr.Bytes(), 20))
	}
	paths := strings.Fields(stdout.String())
	if len(paths) != 5 {
		return t, fmt.Errorf("%s printed %q, not five paths", build, stdout.String())
	}
	t.APIServer, t.ControllerManager, t.Scheduler, t.Kubelet, t.Kubectl = paths[0], paths[1], paths[2], paths[3], paths[4]
	return t, nil
}

// CannotRunNode says why this machine cannot run a node at all ("" when it
// can): the kubelet, containerd and runc need root and cgroups.
func CannotRunNode() string {
	if os.Geteuid() != 0 {
		return "not root (the kubelet, containerd and runc need root)"
	}
	if _, err := os.Stat("/sys/fs/cgroup/memory/memory.limit_in_bytes"); err == nil {
		return ""
	}
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		return ""
	}
	return "no memory cgroup under /sys/fs/cgroup"
}

// Cluster is a running single-node cluster.
type Cluster struct {
	// Dir holds every file of the run: credentials, configs, data, logs.
	Dir string
	// URL is the API server, https://127.0.0.1:PORT.
	URL    string
	CAData []byte
	// Kubeconfig is an admin kubeconfig for the cluster.
	Kubeconfig string
	// AuditLog is the API server's audit log (JSON lines).
	AuditLog string
	Tools    Tools

	logf      func(format string, args ...any)
	procs     []*proc // in start order
	netnsSeen map[string]bool
	bridge    bool
	cgroups   []string
	Timings   []string
	// OnStop, when set, is called by the e2e test's stopCluster.
	OnStop func()
	// hostBefore says which of hostPaths existed before Start.
	hostBefore map[string]bool
}

// StillRunning lists the cluster's processes that have not exited, as
// "name (pid N)": after Stop, none.
func (c *Cluster) StillRunning() []string {
	var out []string
	for _, p := range c.procs {
		select {
		case <-p.done:
		default:
			out = append(out, fmt.Sprintf("%s (pid %d)", p.name, p.cmd.Process.Pid))
		}
	}
	return out
}

// LeftCgroups lists the cgroups the run made that still exist: after
// Stop, none.
func (c *Cluster) LeftCgroups() []string {
	var out []string
	for _, cg := range c.cgroups {
		if _, err := os.Stat(cg); err == nil {
			out = append(out, cg)
		}
	}
	return out
}

// hostPaths are the places outside Dir where the kubelet, containerd and
// libcni write whatever they are told: hard-coded paths. Stop removes
// this run's entries, and the paths themselves when the run created them.
var hostPaths = []string{"/run/containerd", "/var/lib/kubelet", "/var/log/containers", "/var/log/pods", "/var/lib/cni/results", "/var/lib/cni", "/var/run/netns"}

type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start brings the cluster up, step by step, and waits until the node is
// Ready. On an error everything already started is stopped again.
func Start(ctx context.Context, tools Tools, logf func(string, ...any)) (_ *Cluster, err error) {
	if err := portFree(RegistryAddr); err != nil {
		return nil, fmt.Errorf("the local registry's address %s is taken (a previous run still going?): %w", RegistryAddr, err)
	}
	if out, err := exec.Command(tools.IP, "link", "show", BridgeName).CombinedOutput(); err == nil {
		return nil, fmt.Errorf("bridge %s exists already (a previous run still going, or not cleaned up?): %s", BridgeName, out)
	}
	dir, err := os.MkdirTemp("", "poddoctor-e2e-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, Tools: tools, logf: logf, netnsSeen: netnsNames(), hostBefore: map[string]bool{}}
	for _, p := range hostPaths {
		_, err := os.Lstat(p)
		c.hostBefore[p] = err == nil
	}
	defer func() {
		if err != nil {
			c.Stop()
		}
	}()
	for _, d := range []string{"logs", "etcd", "containerd/certs.d/localhost:5000", "cni/net.d", "cni/ipam", "kubelet", "registry"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	began := time.Now()
	step := func(what string, since time.Time) {
		line := fmt.Sprintf("%-28s %6.1fs", what, time.Since(since).Seconds())
		c.Timings = append(c.Timings, line)
		logf("%s", line)
	}

	// etcd and kube-apiserver.
	t0 := time.Now()
	ports, err := apiservertest.FreePorts(3)
	if err != nil {
		return nil, err
	}
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	etcd, err := c.start("etcd", tools.Etcd,
		"--name=default", "--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls="+etcdURL, "--advertise-client-urls="+etcdURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=default="+peerURL, "--listen-metrics-urls=")
	if err != nil {
		return nil, err
	}
	if err := c.waitHTTP(ctx, etcd, http.DefaultClient, etcdURL+"/health", ""); err != nil {
		return nil, err
	}
	creds, err := writeCredentials(filepath.Join(dir, "pki"))
	if err != nil {
		return nil, err
	}
	c.CAData = creds.caPEM
	c.URL = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	c.AuditLog = filepath.Join(dir, "logs", "audit.log")
	apiserver, err := c.start("kube-apiserver", tools.APIServer,
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
		fmt.Sprintf("--secure-port=%d", ports[2]),
		"--tls-cert-file="+creds.cert, "--tls-private-key-file="+creds.key,
		"--client-ca-file="+creds.ca,
		"--token-auth-file="+creds.tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+creds.saPublic,
		"--service-account-signing-key-file="+creds.saPrivate,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--endpoint-reconciler-type=none",
		"--kubelet-preferred-address-types=InternalIP",
		"--audit-policy-file="+filepath.Join(tools.NodeDir, "audit-policy.yaml"),
		"--audit-log-path="+c.AuditLog,
		"--audit-log-mode=blocking",
		"--profiling=false",
	)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.CAData)
	tlsClient := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 5 * time.Second}
	if err := c.waitHTTP(ctx, apiserver, tlsClient, c.URL+"/readyz", adminToken); err != nil {
		return nil, err
	}
	c.Kubeconfig = filepath.Join(dir, "admin.kubeconfig")
	if err := c.WriteKubeconfig(c.Kubeconfig, ""); err != nil {
		return nil, err
	}
	step("etcd + kube-apiserver ready", t0)

	// Controllers and scheduler, as admin (this is a test cluster).
	t0 = time.Now()
	if _, err := c.start("kube-controller-manager", tools.ControllerManager,
		"--kubeconfig="+c.Kubeconfig,
		"--authentication-kubeconfig="+c.Kubeconfig,
		"--authorization-kubeconfig="+c.Kubeconfig,
		"--bind-address=127.0.0.1", "--secure-port=0",
		"--leader-elect=false",
		"--use-service-account-credentials=false",
		"--service-account-private-key-file="+creds.saPrivate,
		"--root-ca-file="+creds.ca,
		"--profiling=false",
	); err != nil {
		return nil, err
	}
	if _, err := c.start("kube-scheduler", tools.Scheduler,
		"--kubeconfig="+c.Kubeconfig,
		"--authentication-kubeconfig="+c.Kubeconfig,
		"--authorization-kubeconfig="+c.Kubeconfig,
		"--bind-address=127.0.0.1", "--secure-port=0",
		"--leader-elect=false",
		"--profiling=false",
	); err != nil {
		return nil, err
	}

	// The node's network: its own bridge, whose address is the node's.
	if err := c.setupBridge(); err != nil {
		return nil, err
	}
	if err := c.setupCgroups(); err != nil {
		return nil, err
	}

	// Local registry.
	registry, err := c.start("registry", tools.Registry, "serve", c.render("registry.yml", filepath.Join(dir, "registry.yml"), nil))
	if err != nil {
		return nil, err
	}
	if err := c.waitHTTP(ctx, registry, http.DefaultClient, "http://"+RegistryAddr+"/v2/", ""); err != nil {
		return nil, err
	}

	// containerd.
	if err := copyFile(filepath.Join(tools.NodeDir, "registry-hosts.toml"), filepath.Join(dir, "containerd/certs.d/localhost:5000/hosts.toml")); err != nil {
		return nil, err
	}
	c.render("cni.conflist", filepath.Join(dir, "cni/net.d/10-poddoctor-e2e.conflist"), nil)
	cfg := c.render("containerd.toml", filepath.Join(dir, "containerd.toml"), nil)
	containerd, err := c.start("containerd", tools.Containerd, "--config", cfg)
	if err != nil {
		return nil, err
	}
	if err := c.waitFor(ctx, containerd, "containerd socket", func() error {
		return exec.Command(tools.Ctr, "--address", c.containerdSocket(), "version").Run()
	}); err != nil {
		return nil, err
	}
	step("containerd + registry ready", t0)

	// Images: built here, imported into containerd and pushed to the registry.
	t0 = time.Now()
	layer, err := BuildBusyboxLayer(tools.Busybox)
	if err != nil {
		return nil, err
	}
	archive := filepath.Join(dir, "images.tar")
	f, err := os.Create(archive)
	if err != nil {
		return nil, err
	}
	err = WriteDockerArchive(f, layer, []Image{
		{Name: PauseImage, Cmd: []string{"sleep", "2147483647"}, Label: "pause"},
		{Name: BusyboxImage, Cmd: []string{"sh"}, Label: "busybox"},
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if out, err := exec.Command(tools.Ctr, "--address", c.containerdSocket(), "-n", "k8s.io", "images", "import", archive).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("ctr images import: %v: %s", err, out)
	}
	if err := PushImage(ctx, "http://"+RegistryAddr, layer, Image{Name: RegistryImage, Cmd: []string{"sh"}, Label: "nginx"}); err != nil {
		return nil, err
	}
	step("images imported + pushed", t0)

	// kubelet.
	t0 = time.Now()
	kubeletPort, err := apiservertest.FreePorts(1)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "resolv.conf"), []byte("nameserver 10.0.0.10\n"), 0o644); err != nil {
		return nil, err
	}
	kcfg := c.render("kubelet.yaml", filepath.Join(dir, "kubelet.yaml"), map[string]string{"@PORT@": strconv.Itoa(kubeletPort[0])})
	kubelet, err := c.start("kubelet", tools.Kubelet,
		"--config="+kcfg,
		"--kubeconfig="+c.Kubeconfig,
		"--hostname-override="+NodeName,
		"--node-ip="+NodeIP,
		"--root-dir="+filepath.Join(dir, "kubelet"),
		"--cert-dir="+filepath.Join(dir, "kubelet", "pki"),
		"--v=2",
	)
	if err != nil {
		return nil, err
	}
	client, err := c.Client()
	if err != nil {
		return nil, err
	}
	if err := c.waitFor(ctx, kubelet, "node "+NodeName+" Ready", func() error {
		node, err := client.CoreV1().Nodes().Get(ctx, NodeName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, cond := range node.Status.Conditions {
			if cond.Type == corev1.NodeReady {
				if cond.Status == corev1.ConditionTrue {
					return nil
				}
				return fmt.Errorf("Ready %s: %s", cond.Status, cond.Message)
			}
		}
		return errors.New("no Ready condition yet")
	}); err != nil {
		return nil, err
	}
	step("kubelet: node Ready", t0)
	step("cluster up (total)", began)
	return c, nil
}

// Client returns an admin client.
func (c *Cluster) Client() (*kubernetes.Clientset, error) {
	return kubernetes.NewForConfig(c.Config())
}

// Config returns an admin client configuration.
func (c *Cluster) Config() *rest.Config {
	return &rest.Config{Host: c.URL, BearerToken: adminToken, TLSClientConfig: rest.TLSClientConfig{CAData: c.CAData}, QPS: -1}
}

// WriteKubeconfig writes an admin kubeconfig whose context has namespace.
func (c *Cluster) WriteKubeconfig(path, namespace string) error {
	cfg := clientcmdapi.NewConfig()
	cluster := clientcmdapi.NewCluster()
	cluster.Server, cluster.CertificateAuthorityData = c.URL, c.CAData
	cfg.Clusters["e2e"] = cluster
	user := clientcmdapi.NewAuthInfo()
	user.Token = adminToken
	cfg.AuthInfos["e2e"] = user
	kctx := clientcmdapi.NewContext()
	kctx.Cluster, kctx.AuthInfo, kctx.Namespace = "e2e", "e2e", namespace
	cfg.Contexts["e2e"] = kctx
	cfg.CurrentContext = "e2e"
	return clientcmd.WriteToFile(*cfg, path)
}

func (c *Cluster) containerdSocket() string {
	return filepath.Join(c.Dir, "containerd", "containerd.sock")
}

// render fills a test/node template and writes it to dst.
func (c *Cluster) render(name, dst string, extra map[string]string) string {
	data, err := os.ReadFile(filepath.Join(c.Tools.NodeDir, name))
	if err != nil {
		panic(err) // test/node is part of the repository
	}
	pairs := []string{"@DIR@", c.Dir, "@NODE@", c.Tools.NodeDir, "@NODEIP@", NodeIP, "@SUBNET@", PodSubnet, "@BRIDGE@", BridgeName, "@CGROUP@", CgroupRoot}
	for k, v := range extra {
		pairs = append(pairs, k, v)
	}
	if err := os.WriteFile(dst, []byte(strings.NewReplacer(pairs...).Replace(string(data))), 0o644); err != nil {
		panic(err)
	}
	return dst
}

func (c *Cluster) setupBridge() error {
	for _, args := range [][]string{
		{"link", "add", BridgeName, "type", "bridge"},
		{"addr", "add", NodeIP + "/24", "dev", BridgeName},
		{"link", "set", BridgeName, "up"},
	} {
		if out, err := exec.Command(c.Tools.IP, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
		c.bridge = true
	}
	return nil
}

// setupCgroups makes the kubelet's cgroup root in every cgroup v1
// hierarchy (on cgroup v2, in the unified one).
func (c *Cluster) setupCgroups() error {
	entries, err := os.ReadDir("/sys/fs/cgroup")
	if err != nil {
		return err
	}
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		entries = nil
		c.cgroups = append(c.cgroups, filepath.Join("/sys/fs/cgroup", CgroupRoot))
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join("/sys/fs/cgroup", e.Name(), "cgroup.procs")); err != nil {
			continue
		}
		c.cgroups = append(c.cgroups, filepath.Join("/sys/fs/cgroup", e.Name(), CgroupRoot))
	}
	for _, dir := range c.cgroups {
		if err := os.Mkdir(dir, 0o755); err != nil && !os.IsExist(err) {
			return err
		}
		if strings.Contains(dir, "/cpuset/") {
			for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
				data, _ := os.ReadFile(filepath.Join(filepath.Dir(dir), f))
				_ = os.WriteFile(filepath.Join(dir, f), data, 0o644)
			}
		}
	}
	return nil
}

// start starts a server with its output in DIR/logs/NAME.log. The kernel
// kills it when the test binary dies.
func (c *Cluster) start(name, path string, args ...string) (*proc, error) {
	log, err := os.Create(filepath.Join(c.Dir, "logs", name+".log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Dir = c.Dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	c.procs = append(c.procs, p)
	return p, nil
}

func (c *Cluster) waitHTTP(ctx context.Context, p *proc, client *http.Client, url, token string) error {
	return c.waitFor(ctx, p, url, func() error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %s", resp.Status, tail(body, 5))
		}
		return nil
	})
}

// waitFor polls check until it succeeds, p exits, or two minutes pass.
func (c *Cluster) waitFor(ctx context.Context, p *proc, what string, check func() error) error {
	deadline := time.Now().Add(2 * time.Minute)
	var last error
	for time.Now().Before(deadline) {
		if last = check(); last == nil {
			return nil
		}
		select {
		case <-p.done:
			return fmt.Errorf("%s exited while waiting for %s (%s):\n%s", p.name, what, p.cmd.ProcessState, c.LogTail(p.name, 30))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s: not after 2 minutes (%v):\n%s", what, last, c.LogTail(p.name, 30))
}

// LogTail is the last n lines of a component's log.
func (c *Cluster) LogTail(name string, n int) string {
	data, err := os.ReadFile(filepath.Join(c.Dir, "logs", name+".log"))
	if err != nil {
		return err.Error()
	}
	return tail(data, n)
}

// Stop ends everything Start started, by process id, in reverse order, and
// cleans what the node left: container processes (by the kubelet's cgroup
// root), containerd shims (by their containerd address), mounts under Dir,
// network namespaces made during the run, the bridge, the cgroups, Dir.
// It returns what it could not clean.
func (c *Cluster) Stop() []string {
	var problems []string
	byName := map[string]*proc{}
	for _, p := range c.procs {
		byName[p.name] = p
	}
	stop := func(name string) {
		if p := byName[name]; p != nil {
			p.terminate()
		}
	}
	stop("kubelet")
	// The kubelet is gone: kill every container it left, then their shims.
	for range 3 {
		if n := c.killCgroupProcs(); n == 0 {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	stop("containerd")
	c.killShims()
	problems = append(problems, c.unmountAll()...)
	for _, dir := range slices.Backward(c.cgroups) {
		if err := removeCgroupTree(dir); err != nil {
			problems = append(problems, err.Error())
		}
	}
	for _, p := range slices.Backward(c.procs) {
		p.terminate()
	}
	if c.bridge {
		if out, err := exec.Command(c.Tools.IP, "link", "del", BridgeName).CombinedOutput(); err != nil {
			problems = append(problems, fmt.Sprintf("ip link del %s: %v: %s", BridgeName, err, out))
		}
	}
	problems = append(problems, c.cleanHostPaths()...)
	if c.Dir != "" {
		if left := MountsUnder(c.Dir); len(left) > 0 {
			problems = append(problems, fmt.Sprintf("mounts left under %s, so it was not removed: %q", c.Dir, left))
		} else if err := os.RemoveAll(c.Dir); err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problems
}

// terminate sends SIGTERM and, after ten seconds, SIGKILL.
func (p *proc) terminate() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// killCgroupProcs SIGKILLs every process in the kubelet's cgroup root (the
// pods' containers and pause processes) and returns how many it found.
func (c *Cluster) killCgroupProcs() int {
	n := 0
	for _, root := range c.cgroups {
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "cgroup.procs" {
				return nil
			}
			data, _ := os.ReadFile(path)
			for _, field := range strings.Fields(string(data)) {
				if pid, err := strconv.Atoi(field); err == nil && pid > 1 {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					n++
				}
			}
			return nil
		})
	}
	return n
}

// killShims SIGKILLs the containerd shims of this run's containerd: their
// command lines name its socket.
func (c *Cluster) killShims() {
	sock := c.containerdSocket()
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(cmdline), "\x00")
		if len(args) > 0 && strings.HasPrefix(filepath.Base(args[0]), "containerd-shim") && slices.Contains(args, sock) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// unmountAll unmounts every mount under Dir (deepest first) and the
// network namespaces of this run: those its pod sandboxes' OCI specs name,
// and those that appeared since Start.
func (c *Cluster) unmountAll() []string {
	var problems []string
	netns := c.sandboxNetns()
	for name := range netnsNames() {
		if c.netnsSeen != nil && !c.netnsSeen[name] && strings.HasPrefix(name, "cni-") {
			netns = append(netns, filepath.Join("/var/run/netns", name))
		}
	}
	slices.Sort(netns)
	netns = slices.Compact(netns)
	var targets []string
	if c.Dir != "" {
		targets = MountsUnder(c.Dir)
	}
	slices.SortFunc(targets, func(a, b string) int { return len(b) - len(a) })
	for _, t := range append(targets, netns...) {
		for range 3 {
			if err := syscall.Unmount(t, syscall.MNT_DETACH); err == nil || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOENT) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for _, n := range netns {
		if err := os.Remove(n); err != nil && !os.IsNotExist(err) {
			problems = append(problems, err.Error())
		}
	}
	return problems
}

// sandboxNetns lists the network namespaces that the OCI specs of this
// run's containers (the pod sandboxes) join, from their bundles' config.json.
func (c *Cluster) sandboxNetns() []string {
	if c.Dir == "" {
		return nil
	}
	specs, _ := filepath.Glob(filepath.Join(c.Dir, "containerd/state/io.containerd.runtime.v2.task/k8s.io/*/config.json"))
	var out []string
	for _, spec := range specs {
		data, err := os.ReadFile(spec)
		if err != nil {
			continue
		}
		for _, m := range netnsPathPattern.FindAllSubmatch(data, -1) {
			out = append(out, filepath.Join("/var/run/netns", string(m[1])))
		}
	}
	return out
}

var netnsPathPattern = regexp.MustCompile(`"path":\s*"/(?:var/)?run/netns/(cni-[0-9a-f-]+)"`)

// NetnsNames are the named network namespaces (/var/run/netns).
func netnsNames() map[string]bool {
	names := map[string]bool{}
	entries, _ := os.ReadDir("/var/run/netns")
	for _, e := range entries {
		names[e.Name()] = true
	}
	return names
}

// LeftNetns lists the cni-* network namespaces that did not exist before
// the run.
func (c *Cluster) LeftNetns() []string {
	var left []string
	for name := range netnsNames() {
		if !c.netnsSeen[name] && strings.HasPrefix(name, "cni-") {
			left = append(left, name)
		}
	}
	return left
}

// MountsUnder lists the mount points at or under dir.
func MountsUnder(dir string) []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		mp := unescapeMount(fields[4])
		if mp == dir || strings.HasPrefix(mp, dir+"/") {
			out = append(out, mp)
		}
	}
	return out
}

func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// removeCgroupTree removes a cgroup directory and its children, deepest
// first (a cgroup directory is removed with rmdir, never its files).
func removeCgroupTree(root string) error {
	var dirs []string
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return nil
	})
	var last error
	for range 20 {
		last = nil
		for _, d := range slices.Backward(dirs) {
			if err := syscall.Rmdir(d); err != nil && !errors.Is(err, syscall.ENOENT) {
				last = fmt.Errorf("rmdir %s: %w", d, err)
			}
		}
		if last == nil {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return last
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

func portFree(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return l.Close()
}

func tail(data []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// credentials are the files the control plane is started with.
type credentials struct {
	caPEM               []byte
	ca, cert, key       string
	saPublic, saPrivate string
	tokens              string
}

// writeCredentials writes a fresh CA, the API server's serving certificate
// for 127.0.0.1, a service account signing key and a token file with one
// admin token (as internal/apiservertest does).
func writeCredentials(dir string) (credentials, error) {
	var f credentials
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return f, err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return f, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "poddoctor e2e CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return f, err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	f.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	f.ca = filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(f.ca, f.caPEM, 0o600); err != nil {
		return f, err
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "kube-apiserver"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(10, 0, 0, 1)},
		DNSNames:    []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
	}, caCert, &key.PublicKey, caKey)
	if err != nil {
		return f, err
	}
	f.cert, f.key = filepath.Join(dir, "apiserver.crt"), filepath.Join(dir, "apiserver.key")
	if err := os.WriteFile(f.cert, append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), f.caPEM...), 0o600); err != nil {
		return f, err
	}
	if err := writeKey(f.key, key); err != nil {
		return f, err
	}
	saKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	f.saPrivate, f.saPublic = filepath.Join(dir, "sa.key"), filepath.Join(dir, "sa.pub")
	if err := writeKey(f.saPrivate, saKey); err != nil {
		return f, err
	}
	pub, _ := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err := os.WriteFile(f.saPublic, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		return f, err
	}
	f.tokens = filepath.Join(dir, "tokens.csv")
	return f, os.WriteFile(f.tokens, []byte(adminToken+",admin,admin,system:masters\n"), 0o600)
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}

// cleanHostPaths removes this run's entries from hostPaths: the kubelet's
// links to its container logs, libcni's cached results of its sandboxes,
// its shims' sockets; and the paths the run created. A stale run's Cluster
// (hostBefore nil) removes the paths only when they are empty. It returns
// what it could not remove.
func (c *Cluster) cleanHostPaths() []string {
	var problems []string
	if c.Dir != "" {
		links, _ := filepath.Glob("/var/log/containers/*.log")
		for _, l := range links {
			if target, err := os.Readlink(l); err == nil && strings.HasPrefix(target, c.Dir+"/") {
				_ = os.Remove(l)
			}
		}
		// libcni caches results as NETWORK-SANDBOX-IF (this run's network
		// and containerd's "cni-loopback"); shims listen under
		// /run/containerd/s, each bundle's address file says where.
		results, _ := filepath.Glob("/var/lib/cni/results/" + cniNetwork + "-*")
		var ids []string
		for _, pattern := range []string{"containerd/root/io.containerd.grpc.v1.cri/sandboxes/*", "containerd/state/io.containerd.runtime.v2.task/k8s.io/*"} {
			dirs, _ := filepath.Glob(filepath.Join(c.Dir, pattern))
			for _, d := range dirs {
				ids = append(ids, filepath.Base(d))
				if addr, err := os.ReadFile(filepath.Join(d, "address")); err == nil {
					sock := strings.TrimPrefix(strings.TrimSpace(string(addr)), "unix://")
					if strings.HasPrefix(sock, "/run/containerd/s/") {
						_ = os.Remove(sock)
					}
				}
			}
		}
		for _, id := range ids {
			more, _ := filepath.Glob("/var/lib/cni/results/*-" + id + "-*")
			results = append(results, more...)
		}
		for _, r := range results {
			_ = os.Remove(r)
		}
	}
	for _, p := range hostPaths {
		if c.hostBefore != nil && c.hostBefore[p] {
			continue
		}
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		if m := MountsUnder(p); len(m) > 0 {
			problems = append(problems, fmt.Sprintf("%s still has mounts: %q", p, m))
			continue
		}
		if c.hostBefore == nil {
			// A stale run's: remove what is certainly its, then the path
			// when nothing else is in it.
			switch p {
			case "/run/containerd":
				_ = os.Remove("/run/containerd/s")
				_ = os.Remove("/run/containerd/runc/k8s.io")
				_ = os.Remove("/run/containerd/runc")
			case "/var/lib/kubelet":
				if len(processesNaming("kubelet", "kubelet")) == 0 {
					_ = os.Remove("/var/lib/kubelet/device-plugins/kubelet.sock")
				}
				_ = os.Remove("/var/lib/kubelet/device-plugins")
			}
			_ = os.Remove(p)
			continue
		}
		var err error
		switch p {
		case "/run/containerd", "/var/lib/kubelet":
			// Created by this run's containerd (shim sockets) and kubelet
			// (device plugin socket): nothing else's.
			err = os.RemoveAll(p)
		default:
			err = os.Remove(p) // only when empty
		}
		if err != nil {
			problems = append(problems, err.Error())
		}
	}
	return problems
}

// CleanStale cleans what an earlier run left when it could not stop itself
// (its test binary killed by a timeout: the kernel then kills the servers
// it started, but not the containerd shims, the containers, the mounts, the
// bridge or the cgroups). A run directory whose path some process still
// names belongs to a live run and is left alone. Network namespaces
// are known by the run's pod sandboxes' OCI specs. It returns what it
// cleaned.
func CleanStale(tools Tools) []string {
	var cleaned []string
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "poddoctor-e2e-*"))
	live := false
	for _, dir := range dirs {
		if len(processesNaming(dir, "")) > len(processesNaming(dir, "containerd-shim")) {
			live = true // a run is going on
			continue
		}
		c := &Cluster{Dir: dir, Tools: tools} // no netnsSeen: only its sandboxes' namespaces
		c.cgroups = cgroupRoots()
		for range 3 {
			if c.killCgroupProcs() == 0 {
				break
			}
			time.Sleep(300 * time.Millisecond)
		}
		c.killShims()
		c.unmountAll()
		c.cleanHostPaths()
		if len(MountsUnder(dir)) == 0 && os.RemoveAll(dir) == nil {
			cleaned = append(cleaned, dir)
		}
	}
	if live {
		return cleaned
	}
	(&Cluster{}).cleanHostPaths() // empty leftovers of runs whose directory is gone
	for _, cg := range cgroupRoots() {
		if _, err := os.Stat(cg); err == nil && removeCgroupTree(cg) == nil {
			cleaned = append(cleaned, cg)
		}
	}
	if exec.Command(tools.IP, "link", "show", BridgeName).Run() == nil {
		if exec.Command(tools.IP, "link", "del", BridgeName).Run() == nil {
			cleaned = append(cleaned, "bridge "+BridgeName)
		}
	}
	return cleaned
}

// cgroupRoots are the kubelet's cgroup root in every hierarchy.
func cgroupRoots() []string {
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
		return []string{filepath.Join("/sys/fs/cgroup", CgroupRoot)}
	}
	var out []string
	entries, _ := os.ReadDir("/sys/fs/cgroup")
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join("/sys/fs/cgroup", e.Name(), "cgroup.procs")); err == nil {
			out = append(out, filepath.Join("/sys/fs/cgroup", e.Name(), CgroupRoot))
		}
	}
	return out
}

// processesNaming lists the pids of processes whose command line contains
// s and, when program is not "", whose program's base name starts with it.
func processesNaming(s, program string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(s)) {
			continue
		}
		args := strings.Split(string(cmdline), "\x00")
		if program != "" && !strings.HasPrefix(filepath.Base(args[0]), program) {
			continue
		}
		pids = append(pids, pid)
	}
	return pids
}
