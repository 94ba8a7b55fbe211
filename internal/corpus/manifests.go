package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Mixes of objects Manifests can generate.
const (
	// MixMixed is a monorepo as teams keep it: Deployments, StatefulSets,
	// DaemonSets and CronJobs, most with a Service and a ConfigMap.
	MixMixed = "mixed"
	// MixReference is the corpus the peer figures of issue 11 were taken on:
	// two-container Deployments and Services, one of each per app.
	MixReference = "reference"
	// MixBudgets is apps that come with their availability and network
	// policy: a Deployment with a PodDisruptionBudget, a
	// HorizontalPodAutoscaler and a NetworkPolicy each. It is what showed
	// that the rules relating those objects to workloads scanned every
	// workload per object (docs/PERFORMANCE.md, "Budgets, policies and
	// autoscalers by index").
	MixBudgets = "budgets"
	// MixAccess is apps with their ways in and their permissions: a
	// Deployment with its Service, an Ingress routing to it, a
	// ServiceAccount, and a Role with the RoleBinding that grants it. It
	// is what showed that Ingresses and bindings tested every Service or
	// Role of the input (docs/PERFORMANCE.md, "Session 7").
	MixAccess = "access"
)

// ManifestOptions say what Manifests generates.
type ManifestOptions struct {
	// Objects is how many Kubernetes objects to write in all.
	Objects int
	// Mix is MixMixed (the default), MixReference, MixBudgets or MixAccess.
	Mix string
	// PerFile is how many objects each multi-document file holds; 0 means
	// 200, which puts 10,000 objects in 50 files.
	PerFile int
	// Seed makes another corpus of the same shape; 0 is as good as any.
	Seed uint64
	// PeerSafe leaves out the mistakes that make a peer refuse the whole
	// input rather than report them (kube-score stops at the first invalid
	// quantity), so that every tool reads the same corpus.
	PeerSafe bool
}

// File is one generated file, its path relative to the corpus root.
type File struct {
	Path string
	Data []byte
}

// Stats describe a generated corpus.
type Stats struct {
	Files   int
	Bytes   int
	Objects int
	// Kinds counts the objects per kind.
	Kinds map[string]int
	// Planted counts the problems written on purpose, by the rule that
	// should report them. Rules that fire on what many real manifests leave
	// out (run-as-root, privilege-escalation, missing probes) fire on more.
	Planted map[string]int
}

func (s Stats) String() string {
	var kinds, planted []string
	for k, n := range s.Kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	for k, n := range s.Planted {
		planted = append(planted, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	sort.Strings(planted)
	return fmt.Sprintf("%d objects in %d files, %.1f MB\nkinds: %s\nplanted: %s",
		s.Objects, s.Files, float64(s.Bytes)/1e6, strings.Join(kinds, ", "), strings.Join(planted, ", "))
}

// WriteManifests writes a corpus under dir and describes it.
func WriteManifests(dir string, opts ManifestOptions) (Stats, error) {
	files, stats := Manifests(opts)
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return stats, err
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// Manifests generates a corpus: teams' directories of multi-document files,
// each app a workload with, usually, its Service and ConfigMap, with a
// realistic share of mistakes.
func Manifests(opts ManifestOptions) ([]File, Stats) {
	perFile := opts.PerFile
	if perFile <= 0 {
		perFile = 200
	}
	g := &manifestGen{
		rnd:      rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15)),
		mix:      opts.Mix,
		peerSafe: opts.PeerSafe,
		stats:    Stats{Kinds: map[string]int{}, Planted: map[string]int{}},
	}
	var files []File
	var b strings.Builder
	inFile := 0
	flush := func() {
		if inFile == 0 {
			return
		}
		n := len(files)
		files = append(files, File{
			Path: fmt.Sprintf("team-%02d/apps-%04d.yaml", n%teams, n),
			Data: []byte(b.String()),
		})
		g.stats.Bytes += b.Len()
		b.Reset()
		inFile = 0
	}
	for app := 0; g.stats.Objects < opts.Objects; app++ {
		for _, doc := range g.app(app, opts.Objects-g.stats.Objects) {
			b.WriteString("---\n")
			b.WriteString(doc)
			inFile++
			if inFile == perFile {
				flush()
			}
		}
	}
	flush()
	g.stats.Files = len(files)
	return files, g.stats
}

const teams = 10

type manifestGen struct {
	rnd      *rand.Rand
	mix      string
	peerSafe bool
	stats    Stats
}

// chance is true with probability p.
func (g *manifestGen) chance(p float64) bool { return g.rnd.Float64() < p }

// lean writes the short manifests of the reference corpus (about 1 KB per
// Deployment, 6 MB per 10,000 objects), the rest the fuller ones teams keep.
func (g *manifestGen) lean() bool { return g.mix == MixReference }

func (g *manifestGen) plant(rule string) { g.stats.Planted[rule]++ }

// app returns the documents of one app, at most room of them.
func (g *manifestGen) app(i, room int) []string {
	a := appSpec{
		name:      fmt.Sprintf("%s-%d", appWords[i%len(appWords)], i),
		namespace: fmt.Sprintf("team-%02d", i%teams),
		version:   fmt.Sprintf("1.%d.%d", i%17, i%5),
	}
	switch g.mix {
	case MixReference:
		a.kind = "Deployment"
		a.service = true
		a.containers = 2
	case MixBudgets:
		a.kind = "Deployment"
		a.containers = 1
		a.budgets = true
	case MixAccess:
		a.kind = "Deployment"
		a.containers = 1
		a.service = true
		a.access = true
	default:
		switch r := g.rnd.Float64(); {
		case r < 0.55:
			a.kind, a.containers = "Deployment", 1+g.rnd.IntN(2)
		case r < 0.70:
			a.kind, a.containers = "StatefulSet", 1+g.rnd.IntN(2)
		case r < 0.80:
			a.kind, a.containers = "DaemonSet", 1
		default:
			a.kind, a.containers = "CronJob", 1
		}
		a.service = a.kind == "Deployment" || a.kind == "StatefulSet" || (a.kind == "DaemonSet" && g.chance(0.5))
		a.configMap = g.chance(0.6)
	}
	var docs []string
	add := func(kind, doc string) {
		if len(docs) < room {
			docs = append(docs, doc)
			g.stats.Kinds[kind]++
			g.stats.Objects++
		}
	}
	if a.configMap {
		add("ConfigMap", g.configMap(a))
	}
	add(a.kind, g.workload(a))
	if a.service {
		add("Service", g.service(a))
	}
	if a.budgets {
		add("PodDisruptionBudget", g.disruptionBudget(a))
		add("HorizontalPodAutoscaler", g.autoscaler(a))
		add("NetworkPolicy", g.networkPolicy(a))
	}
	if a.access {
		add("Ingress", g.ingress(a))
		add("ServiceAccount", g.serviceAccount(a))
		add("Role", g.role(a))
		add("RoleBinding", g.roleBinding(a))
	}
	return docs
}

// ingress routes the app's host to its Service.
func (g *manifestGen) ingress(a appSpec) string {
	return fmt.Sprintf(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  ingressClassName: nginx
  rules:
  - host: %[1]s.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: %[1]s
            port: {name: http}
`, a.name, a.namespace)
}

// serviceAccount is the identity the app's pods run as (the workload names
// it in serviceAccountName).
func (g *manifestGen) serviceAccount(a appSpec) string {
	return fmt.Sprintf(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: %[1]s
  namespace: %[2]s
automountServiceAccountToken: false
`, a.name, a.namespace)
}

// role lets the app read its own ConfigMaps.
func (g *manifestGen) role(a appSpec) string {
	return fmt.Sprintf(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: %[1]s
  namespace: %[2]s
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
`, a.name, a.namespace)
}

// roleBinding grants the app's Role to its ServiceAccount.
func (g *manifestGen) roleBinding(a appSpec) string {
	return fmt.Sprintf(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: %[1]s
  namespace: %[2]s
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: %[1]s}
subjects:
- {kind: ServiceAccount, name: %[1]s, namespace: %[2]s}
`, a.name, a.namespace)
}

// disruptionBudget keeps one pod of the app available.
func (g *manifestGen) disruptionBudget(a appSpec) string {
	return fmt.Sprintf(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
`, a.name, a.namespace)
}

// autoscaler scales the app's Deployment between 2 and 6 replicas.
func (g *manifestGen) autoscaler(a appSpec) string {
	return fmt.Sprintf(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %[1]s}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`, a.name, a.namespace)
}

// networkPolicy lets the app's pods be reached on their http port from
// the namespace's other pods, and reach DNS.
func (g *manifestGen) networkPolicy(a appSpec) string {
	return fmt.Sprintf(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {}
    ports:
    - {port: http}
  egress:
  - ports:
    - {port: 53, protocol: UDP}
`, a.name, a.namespace)
}

type appSpec struct {
	name, namespace, version string
	kind                     string
	containers               int
	service, configMap       bool
	budgets                  bool // a PodDisruptionBudget, HorizontalPodAutoscaler and NetworkPolicy
	access                   bool // an Ingress, ServiceAccount, Role and RoleBinding
}

var appWords = []string{"checkout", "cart", "search", "catalog", "payments", "ledger", "auth", "profile",
	"inventory", "shipping", "billing", "gateway", "notifier", "reports", "ingest", "metrics"}

// wellKnown are catalog images apps use beside their own, and typos of
// them that the image-typo rule must catch.
var wellKnown = []struct{ image, typo string }{
	{"nginx:1.27.3", "ngnix:1.27.3"},
	{"redis:7.4.1", "redsi:7.4.1"},
	{"postgres:16.4", "postgress:16.4"},
	{"busybox:1.36.1", "busyboxx:1.36.1"},
	{"envoyproxy/envoy:v1.31.2", "envoyproxy/envoi:v1.31.2"},
	{"memcached:1.6.32", "memcahced:1.6.32"},
}

func (g *manifestGen) configMap(a appSpec) string {
	return fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata:
  name: %[1]s-config
  namespace: %[2]s
  labels:
    app.kubernetes.io/name: %[1]s
data:
  LOG_LEVEL: info
  FEATURES: "search,recommendations"
  app.yaml: |
    server:
      port: 8080
      shutdownTimeout: 20s
    cache:
      ttl: 30s
`, a.name, a.namespace)
}

func (g *manifestGen) service(a appSpec) string {
	selector := a.name
	if g.chance(0.02) {
		selector += "-v2" // matches no pod template
		g.plant("service-selector-mismatch")
	}
	target := "http"
	if g.chance(0.02) {
		target = "htttp"
		if selector == a.name {
			g.plant("service-port-mismatch")
		}
	}
	return fmt.Sprintf(`apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: %[2]s
  labels:
    app.kubernetes.io/name: %[1]s
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: %[3]s
  ports:
  - name: http
    port: 80
    targetPort: %[4]s
`, a.name, a.namespace, selector, target)
}

func (g *manifestGen) workload(a appSpec) string {
	var b strings.Builder
	apiVersion := "apps/v1"
	if a.kind == "CronJob" {
		apiVersion = "batch/v1"
		if g.chance(0.02) {
			apiVersion = "batch/v1beta1" // removed in 1.25
			g.plant("deprecated-api")
		}
	}
	fmt.Fprintf(&b, "apiVersion: %s\nkind: %s\nmetadata:\n  name: %s\n  namespace: %s\n  labels:\n    app.kubernetes.io/name: %[3]s\n",
		apiVersion, a.kind, a.name, a.namespace)
	if !g.lean() {
		fmt.Fprintf(&b, "    app.kubernetes.io/part-of: shop\n    app.kubernetes.io/version: %q\n", a.version)
	}
	if !g.lean() && g.chance(0.03) {
		b.WriteString("  annotations:\n    poddoctor.io/ignore: \"missing-liveness-probe=checked by the mesh\"\n")
	}
	indent := "  "
	b.WriteString("spec:\n")
	switch a.kind {
	case "Deployment":
		if g.lean() {
			fmt.Fprintf(&b, "  replicas: %d\n", 2+g.rnd.IntN(3))
			break
		}
		fmt.Fprintf(&b, "  replicas: %d\n  revisionHistoryLimit: 5\n  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}\n", 2+g.rnd.IntN(3))
	case "StatefulSet":
		fmt.Fprintf(&b, "  serviceName: %s\n  replicas: 3\n  podManagementPolicy: Parallel\n", a.name)
	case "DaemonSet":
		b.WriteString("  updateStrategy:\n    type: RollingUpdate\n")
	case "CronJob":
		fmt.Fprintf(&b, "  schedule: \"%d */6 * * *\"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n", g.rnd.IntN(60))
		indent = "      "
	}
	if a.kind != "CronJob" {
		label := a.name
		if g.chance(0.005) {
			label = a.name + "-web"
			g.plant("selector-mismatch")
		}
		fmt.Fprintf(&b, "  selector:\n    matchLabels:\n      app.kubernetes.io/name: %s\n", label)
	}
	// The pod template, indented under spec (or jobTemplate.spec).
	var t strings.Builder
	fmt.Fprintf(&t, "template:\n  metadata:\n    labels:\n      app.kubernetes.io/name: %s\n", a.name)
	if !g.lean() {
		t.WriteString("      app.kubernetes.io/part-of: shop\n")
	}
	if !g.lean() && g.chance(0.5) {
		t.WriteString("    annotations:\n      prometheus.io/scrape: \"true\"\n      prometheus.io/port: \"9090\"\n")
	}
	t.WriteString("  spec:\n")
	if a.kind == "CronJob" {
		t.WriteString("    restartPolicy: OnFailure\n")
	}
	if !g.lean() {
		fmt.Fprintf(&t, "    serviceAccountName: %s\n", a.name)
	}
	switch r := g.rnd.Float64(); {
	case r < 0.6 && g.lean():
		t.WriteString("    securityContext: {runAsNonRoot: true}\n")
	case r < 0.6:
		t.WriteString("    securityContext:\n      runAsNonRoot: true\n      runAsUser: 10001\n      fsGroup: 10001\n      seccompProfile: {type: RuntimeDefault}\n")
	case r < 0.9:
		t.WriteString("    securityContext:\n      fsGroup: 10001\n")
	}
	if a.kind == "DaemonSet" && g.chance(0.1) {
		t.WriteString("    hostNetwork: true\n")
		g.plant("host-namespace")
	}
	t.WriteString("    containers:\n")
	for c := 0; c < a.containers; c++ {
		g.container(&t, a, c)
	}
	if !g.lean() {
		t.WriteString("    volumes:\n    - name: tmp\n      emptyDir: {medium: Memory, sizeLimit: 64Mi}\n")
	}
	if a.configMap {
		name := a.name + "-config"
		if g.chance(0.02) {
			name = a.name + "-cfg"
			g.plant("missing-reference")
		}
		fmt.Fprintf(&t, "    - name: config\n      configMap: {name: %s}\n", name)
	}
	if a.kind == "DaemonSet" && g.chance(0.3) {
		t.WriteString("    - name: varlog\n      hostPath: {path: /var/log}\n")
		g.plant("host-path-volume")
	}
	if !g.lean() && (a.kind == "Deployment" || a.kind == "StatefulSet") {
		fmt.Fprintf(&t, `    affinity:
      podAntiAffinity:
        preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels: {app.kubernetes.io/name: %s}
`, a.name)
	}
	if a.kind == "StatefulSet" {
		t.WriteString("volumeClaimTemplates:\n- metadata:\n    name: data\n  spec:\n    accessModes: [ReadWriteOnce]\n    resources:\n      requests: {storage: 10Gi}\n")
	}
	for _, line := range strings.SplitAfter(t.String(), "\n") {
		if line != "" {
			b.WriteString(indent)
			b.WriteString(line)
		}
	}
	return b.String()
}

// container writes container c of the app's pod template, at the indent of
// a pod spec's containers list.
func (g *manifestGen) container(t *strings.Builder, a appSpec, c int) {
	name, image, port, portName := "app", fmt.Sprintf("registry.example.com/%s/%s:%s", a.namespace, a.name, a.version), 8080, "http"
	if c > 0 || (a.kind != "Deployment" && g.chance(0.3)) {
		w := wellKnown[g.rnd.IntN(len(wellKnown))]
		name, image, port, portName = "sidecar", w.image, 9000+c, "sidecar"
		if c == 0 {
			name, portName = "app", "http"
		}
		if g.chance(0.04) {
			image = w.typo
			g.plant("image-typo")
		}
	}
	switch r := g.rnd.Float64(); {
	case r < 0.03:
		image = image[:strings.LastIndexByte(image, ':')] + ":latest"
		g.plant("latest-tag")
	case r < 0.05:
		image = image[:strings.LastIndexByte(image, ':')]
		g.plant("latest-tag")
	}
	fmt.Fprintf(t, "    - name: %s\n      image: %s\n", name, image)
	if g.chance(0.01) {
		t.WriteString("      imagePullPolcy: IfNotPresent\n")
		g.plant("unknown-field")
	} else if !g.lean() {
		t.WriteString("      imagePullPolicy: IfNotPresent\n")
	}
	if !g.lean() {
		fmt.Fprintf(t, "      args: [\"--port=%d\", \"--log-level=info\"]\n", port)
	}
	fmt.Fprintf(t, "      ports:\n      - {name: %s, containerPort: %d, protocol: TCP}\n", portName, port)
	if c == 0 && !g.lean() {
		t.WriteString("      - {name: metrics, containerPort: 9090, protocol: TCP}\n")
	}
	if !g.lean() {
		t.WriteString("      env:\n      - name: POD_NAME\n        valueFrom:\n          fieldRef: {fieldPath: metadata.name}\n")
		fmt.Fprintf(t, "      - name: DATABASE_URL\n        valueFrom:\n          secretKeyRef: {name: %s-db, key: url}\n", a.name)
		t.WriteString("      - {name: CACHE_TTL, value: \"30s\"}\n")
	}
	if g.chance(0.01) {
		if g.lean() {
			t.WriteString("      env:\n      - {name: CACHE_TTL, value: \"30s\"}\n")
		}
		t.WriteString("      - {name: CACHE_TTL, value: \"60s\"}\n")
		g.plant("duplicate-env-var")
	}
	if a.configMap {
		fmt.Fprintf(t, "      envFrom:\n      - configMapRef: {name: %s-config}\n", a.name)
	}
	switch r := g.rnd.Float64(); {
	case r < 0.10: // no resources at all
		g.plant("missing-cpu-request")
		g.plant("missing-memory-request")
	case r < 0.20:
		t.WriteString("      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n")
		g.plant("missing-memory-limit")
	case r < 0.205 && !g.peerSafe:
		t.WriteString("      resources:\n        requests: {cpu: 100m, memory: 128mb}\n        limits: {cpu: \"1\", memory: 512Mi}\n")
		g.plant("invalid-quantity")
	case r < 0.21:
		t.WriteString("      resources:\n        requests: {cpu: \"2\", memory: 1Gi}\n        limits: {cpu: \"1\", memory: 512Mi}\n")
		g.plant("request-exceeds-limit")
	default:
		t.WriteString("      resources:\n        requests: {cpu: 100m, memory: 128Mi}\n        limits: {cpu: \"1\", memory: 512Mi}\n")
	}
	if a.kind != "CronJob" {
		probePort := portName
		if g.chance(0.01) {
			probePort = "healthz"
			g.plant("probe-port-mismatch")
		}
		switch r := g.rnd.Float64(); {
		case r < 0.10:
			g.plant("missing-readiness-probe")
		case r < 0.20:
			fmt.Fprintf(t, "      readinessProbe:\n        httpGet: {path: /ready, port: %s}\n", probePort)
			g.plant("missing-liveness-probe")
		default:
			fmt.Fprintf(t, "      readinessProbe:\n        httpGet: {path: /ready, port: %s}\n", probePort)
			fmt.Fprintf(t, "      livenessProbe:\n        httpGet: {path: /healthz, port: %s}\n", probePort)
		}
	}
	switch r := g.rnd.Float64(); {
	case r < 0.01:
		t.WriteString("      securityContext:\n        privileged: true\n")
		g.plant("privileged-container")
	case r < 0.02:
		t.WriteString("      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {add: [SYS_ADMIN]}\n")
		g.plant("dangerous-capabilities")
	case r < 0.75 && g.lean():
		t.WriteString("      securityContext: {allowPrivilegeEscalation: false}\n")
	case r < 0.75:
		t.WriteString("      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities: {drop: [ALL]}\n")
	}
	if !g.lean() {
		t.WriteString("      volumeMounts:\n      - {name: tmp, mountPath: /tmp}\n")
	}
	if a.configMap {
		t.WriteString("      - {name: config, mountPath: /etc/app, readOnly: true}\n")
	}
}
