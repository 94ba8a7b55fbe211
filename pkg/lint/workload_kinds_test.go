package lint

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/manifest"
	"github.com/poddoctor/poddoctor/rules"
)

// podTemplateBreakingEveryRule is a pod template (indented for
// spec.template) that each rule reading pod specs reports at least once.
const podTemplateBreakingEveryRule = `
    metadata:
      labels: {app: every-rule}
    spec:
      hostNetwork: true
      serviceAccount: ghost
      serviceAccountName: ghost
      securityContext:
        runAsUser: 0
        sysctls: [{name: kernel.msgmax, value: "65536"}]
      topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
      volumes:
      - name: proc
        hostPath: {path: /proc}
      containers:
      - name: app
        image: ngnx:latest
        securityContext:
          privileged: true
          allowPrivilegeEscalation: true
          procMount: Unmasked
          windowsOptions: {hostProcess: true}
          capabilities: {add: [SYS_ADMIN]}
        env:
        - {name: A, value: "1"}
        - {name: A, value: "2"}
        - {name: DB_PASSWORD, value: hunter2-in-plain-sight}
        - name: MODE
          valueFrom: {configMapKeyRef: {name: settings, key: missing}}
        - name: TOKEN
          valueFrom: {secretKeyRef: {name: api, key: token}}
        resources:
          requests: {cpu: "2", memory: lots}
          limits: {cpu: "1"}
        ports:
        - {name: http, containerPort: 8080}
        - {name: web, containerPort: 80}
        - {name: SSH_PORT, containerPort: 22, hostPort: 22}
        livenessProbe: {httpGet: {path: /, port: metrics}}
        readinessProbe: {httpGet: {path: /, port: metrics}}
      - name: app
        image: registry.acme.example/UPPER:1
        ports: [{containerPort: 8080}]
`

// rulesNoTemplateBreaks are pod-spec rules the one template above cannot
// break, each with the reason; the test checks them nowhere.
var rulesNoTemplateBreaks = map[string]string{
	"default-service-account": "the template names a missing ServiceAccount (for missing-reference), and a pod has one",
	"job-restart-policy":      "it reads Jobs only, and the workloads here are Deployments",
	"missing-readiness-probe": "one readiness probe covers the pod, and identical-probes and probe-port-mismatch need one",
	"network-policy-coverage": "hostNetwork pods need no NetworkPolicy, and the template sets hostNetwork for host-namespace",
	"restart-policy":          "a restartPolicy other than Always makes the pod run-once, and the probe rules skip run-once pods",
	"unknown-priority-class":  "the template leaves priorityClassName unset, for priority-class",
}

// workloadKindsInput has three objects with the same pod template: an
// apps/v1 Deployment, an OpenShift DeploymentConfig, and a custom resource
// named Deployment in example.com/v1, which is not a workload; and a
// ServiceAccount, so that a missing one is reported.
func workloadKindsInput() string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other}\n")
	b.WriteString("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n")
	for _, head := range []string{"apiVersion: apps/v1\nkind: Deployment", "apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig", "apiVersion: example.com/v1\nkind: Deployment"} {
		b.WriteString("---\n" + head + "\nmetadata: {name: every-rule}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: every-rule}}\n  template:" + podTemplateBreakingEveryRule)
	}
	return b.String()
}

// podSpecRules are the ids of the built-in lint rules that read pod specs
// through rules/lib/k8s.rego.
func podSpecRules(t *testing.T) []string {
	t.Helper()
	uses := regexp.MustCompile(`k8s\.(containers|app_containers|pod_spec|pod_spec_prefix|long_running)\b`)
	id := regexp.MustCompile(`(?m)^#\s+id:\s*(\S+)`)
	var ids []string
	err := fs.WalkDir(rules.FS, "lint", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(rules.FS, path)
		if err != nil {
			return err
		}
		if uses.Match(src) {
			m := id.FindSubmatch(src)
			if m == nil {
				t.Fatalf("%s has no id in its METADATA", path)
			}
			ids = append(ids, string(m[1]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 15 {
		t.Fatalf("found only %d rules reading pod specs: %v", len(ids), ids)
	}
	return ids
}

// TestWorkloadKinds checks that the one table of workload kinds
// (internal/workloads) decides for Rego as for Go: every rule that reads
// pod specs fires on a DeploymentConfig as on a Deployment, and none on a
// custom resource named Deployment in another API group.
func TestWorkloadKinds(t *testing.T) {
	ctx := context.Background()
	// Profile all runs the opinionated rules too, so that every rule reading
	// pod specs has its chance to fire.
	l, err := New(ctx, Options{Profile: "all", Data: map[string]any{"params": map[string]any{
		"allowed-registries": map[string]any{"registries": []any{"registry.acme.example"}},
		"resource-range":     map[string]any{"limits": map[string]any{"cpu": map[string]any{"max": "1m"}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	objects, problems := manifest.Parse("kinds.yaml", []byte(workloadKindsInput()))
	if len(problems) > 0 || len(objects) != 5 {
		t.Fatalf("%d objects, problems %v", len(objects), problems)
	}
	res := l.LintObjects(ctx, objects)
	fired := map[string]map[string]bool{} // apiVersion -> rules
	for _, f := range res.Findings {
		if fired[f.Object.APIVersion] == nil {
			fired[f.Object.APIVersion] = map[string]bool{}
		}
		fired[f.Object.APIVersion][f.Rule] = true
	}
	for _, rule := range podSpecRules(t) {
		if _, skip := rulesNoTemplateBreaks[rule]; skip {
			continue
		}
		if !fired["apps/v1"][rule] {
			t.Errorf("%s does not fire on the apps/v1 Deployment: the fixture no longer breaks it", rule)
		}
		if !fired["apps.openshift.io/v1"][rule] {
			t.Errorf("%s does not fire on the DeploymentConfig", rule)
		}
		if fired["example.com/v1"][rule] {
			t.Errorf("%s fires on the example.com/v1 Deployment, which is not a workload", rule)
		}
	}
	for _, o := range objects {
		_, ok := manifest.PodSpecOf(o)
		if want := o.APIVersion != "example.com/v1" && o.Kind != "ServiceAccount" && o.Kind != "ConfigMap"; ok != want {
			t.Errorf("PodSpecOf(%s %s) = %v, want %v", o.APIVersion, o.Kind, ok, want)
		}
	}
}
