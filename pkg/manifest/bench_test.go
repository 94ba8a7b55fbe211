package manifest

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// deploymentsYAML generates n Deployments of two containers each, about
// 3.5 KB apiece like the ones in shared/notes/opa-performance.md.
func deploymentsYAML(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `---
# Deployment %[1]d of a generated stream
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-%[1]d
  namespace: team-%[2]d
  labels:
    app.kubernetes.io/name: app-%[1]d
    app.kubernetes.io/part-of: shop
    app.kubernetes.io/version: "1.%[1]d.0"
  annotations:
    poddoctor.io/ignore: "latest-tag"
    deployment.kubernetes.io/revision: "%[1]d"
spec:
  replicas: %[3]d
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 0}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-%[1]d
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-%[1]d
        app.kubernetes.io/part-of: shop
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: app-%[1]d
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: app
        image: registry.example.com/shop/app-%[1]d:1.%[1]d.0
        imagePullPolicy: IfNotPresent
        args: ["--port=8080", "--metrics-port=9090", "--log-level=info"]
        ports:
        - {name: http, containerPort: 8080, protocol: TCP}
        - {name: metrics, containerPort: 9090, protocol: TCP}
        env:
        - name: POD_NAME
          valueFrom:
            fieldRef: {fieldPath: metadata.name}
        - name: DATABASE_URL
          valueFrom:
            secretKeyRef: {name: app-%[1]d-db, key: url}
        - {name: CACHE_TTL, value: "30s"}
        - {name: FEATURE_FLAGS, value: "checkout,search,recommendations"}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: "1", memory: 512Mi}
        readinessProbe:
          httpGet: {path: /healthz/ready, port: http}
          initialDelaySeconds: 5
          periodSeconds: 10
        livenessProbe:
          httpGet: {path: /healthz/live, port: http}
          initialDelaySeconds: 15
          periodSeconds: 20
          failureThreshold: 3
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities: {drop: [ALL]}
        volumeMounts:
        - {name: config, mountPath: /etc/app, readOnly: true}
        - {name: tmp, mountPath: /tmp}
      - name: proxy
        image: envoyproxy/envoy:v1.31.%[4]d
        args: ["-c", "/etc/envoy/envoy.yaml", "--log-level", "warn"]
        ports:
        - {name: proxy, containerPort: 15001}
        resources:
          requests: {cpu: 50m, memory: 64Mi}
          limits: {cpu: 500m, memory: 256Mi}
        securityContext:
          allowPrivilegeEscalation: false
          runAsUser: 101
        volumeMounts:
        - {name: envoy, mountPath: /etc/envoy}
      volumes:
      - name: config
        configMap: {name: app-%[1]d-config}
      - name: envoy
        configMap: {name: envoy-config}
      - name: tmp
        emptyDir: {medium: Memory, sizeLimit: 64Mi}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels: {app.kubernetes.io/name: app-%[1]d}
      tolerations:
      - {key: dedicated, operator: Equal, value: shop, effect: NoSchedule}
`, i, i%7, 1+i%5, i%10)
	}
	return []byte(b.String())
}

func TestDeploymentsYAML(t *testing.T) {
	data := deploymentsYAML(3)
	objects, problems := Parse("gen.yaml", data)
	if len(objects) != 3 || len(problems) > 0 {
		t.Fatalf("%d objects, problems %v", len(objects), problems)
	}
	for _, o := range objects {
		if u, err := UnknownFields(o); err != nil || len(u) > 0 {
			t.Errorf("%s: unknown fields %v, %v", refString(o), u, err)
		}
	}
}

// BenchmarkParse parses a stream of 1,000 Deployments.
func BenchmarkParse(b *testing.B) {
	data := deploymentsYAML(1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		objects, problems := Parse("gen.yaml", data)
		if len(objects) != 1000 || len(problems) > 0 {
			b.Fatalf("%d objects, problems %v", len(objects), problems)
		}
	}
}

// BenchmarkPosition resolves the path of the second container's image.
func BenchmarkPosition(b *testing.B) {
	objects, _ := Parse("gen.yaml", deploymentsYAML(1))
	o := objects[0]
	b.ReportAllocs()
	for b.Loop() {
		if loc := o.Position("spec.template.spec.containers[1].image"); loc.Line == 0 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkDecode compares the two ways of turning the node tree of a
// Deployment into data: the package's own walk, and yaml.v3's Node.Decode.
func BenchmarkDecode(b *testing.B) {
	data := deploymentsYAML(1)
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		b.Fatal(err)
	}
	b.Run("walk", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		top := fromYAML(root.Content[0])
		for b.Loop() {
			var d decoder
			if _, err := d.mapping(top); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v map[string]any
			if err := root.Content[0].Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("node", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkUnknownFields checks one generated Deployment against its type.
func BenchmarkUnknownFields(b *testing.B) {
	objects, _ := Parse("gen.yaml", deploymentsYAML(1))
	b.ReportAllocs()
	for b.Loop() {
		if u, err := UnknownFields(objects[0]); err != nil || len(u) > 0 {
			b.Fatal(u, err)
		}
	}
}
