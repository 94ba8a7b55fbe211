package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/poddoctor/poddoctor/pkg/diagnose"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/report"
	"github.com/poddoctor/poddoctor/pkg/snapshot"
)

// TestLibraryRedactsByDefault: a Go program that lints or diagnoses and
// shows the Result any way it likes (a renderer without a Redactor, JSON
// of the whole Result) shows no secret of the input, as the command line.
func TestLibraryRedactsByDefault(t *testing.T) {
	const secret = "Corr3ct-Horse-Battery"
	ctx := context.Background()
	policies, err := policy.LoadDir("testdata/library/policy")
	if err != nil {
		t.Fatal(err)
	}
	linter, err := lint.New(ctx, lint.Options{Policies: policies})
	if err != nil {
		t.Fatal(err)
	}
	result, err := linter.LintPaths(ctx, []string{"testdata/library/deploy.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	quoted := false
	for _, f := range result.Findings {
		quoted = quoted || strings.Contains(f.Message, "DB_PASSWORD to "+"[REDACTED]")
	}
	if !quoted {
		t.Fatalf("the team policy's finding is missing or not redacted: %+v", result.Findings)
	}
	checkNoSecret(t, "lint", secret, result)

	const token = "tok-9f8e7d6c5b4a3"
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	pod := corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "shop", UID: "uid"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.acme.example/web:1",
			Env: []corev1.EnvVar{{Name: "REGISTRY_TOKEN", Value: token}}}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{{
			Name: "web", Image: "registry.acme.example/web:1",
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ErrImagePull"}},
		}}},
	}
	event := corev1.Event{
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: "shop", Name: "web", UID: "uid", FieldPath: "spec.containers{web}"},
		Type:           corev1.EventTypeWarning, Reason: "Failed", Count: 1, Source: corev1.EventSource{Component: "kubelet"},
		// The runtime quotes the request; a token in it must not reach output.
		Message:        `Failed to pull image "registry.acme.example/web:1": rpc error: code = Unknown desc = failed to authorize: fetching https://registry.acme.example/token?password=` + token + `: 401 Unauthorized`,
		FirstTimestamp: metav1.NewTime(now.Add(-time.Minute)), LastTimestamp: metav1.NewTime(now),
	}
	d, err := diagnose.New(ctx, diagnose.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Diagnose(ctx, &snapshot.Snapshot{Pods: []corev1.Pod{pod}, Events: []corev1.Event{event}}, diagnose.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no diagnosis")
	}
	checkNoSecret(t, "diagnose", token, res)
}

// checkNoSecret renders the findings of a Result in every format with
// zero Options, and the Result itself as JSON, and fails on the secret.
func checkNoSecret(t *testing.T, engine, secret string, result any) {
	t.Helper()
	raw, err := json.Marshal(result)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), secret) {
		t.Errorf("%s: the Result holds the secret: %s", engine, raw)
	}
	for _, format := range report.Formats() {
		var out bytes.Buffer
		var findings = findingsOf(t, result)
		if err := report.Render(&out, format, findings, report.Options{Redactor: nil}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), secret) {
			t.Errorf("%s -o %s shows the secret", engine, format)
		}
	}
}

// TestReadmeLibraryExample keeps the README's Go example identical to
// readmeExample below, which Example_readme compiles and runs.
func TestReadmeLibraryExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.ReadFile("library_test.go")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)## As a Go library.*?```go\n(.*?)```").FindSubmatch(readme)
	body := regexp.MustCompile(`(?s)// README begins\n(.*?)\t// README ends`).FindSubmatch(self)
	if block == nil || body == nil {
		t.Fatal("README example or readmeExample not found")
	}
	want := strings.ReplaceAll(string(body[1]), "\n\t", "\n")
	want = strings.TrimPrefix(want, "\t")
	want = strings.ReplaceAll(want, "paths", `[]string{"deploy/"}`)
	if string(block[1]) != want {
		t.Errorf("README's library example differs from readmeExample:\nREADME:\n%s\ntest:\n%s", block[1], want)
	}
}

// readmeExample is the README's library example, with the paths passed in.
func readmeExample(ctx context.Context, paths []string) error {
	// README begins
	linter, err := lint.New(ctx, lint.Options{})
	if err != nil {
		return err
	}
	result, err := linter.LintPaths(ctx, paths, nil)
	if err != nil {
		return err
	}
	if err := result.Empty(); err != nil {
		return err // no manifest, no object in them, or every file excluded
	}
	// Findings come redacted: no Secret value and no credential-shaped
	// text of the input reaches the output.
	return report.Render(os.Stdout, "text", result.Findings, report.Options{Engine: "lint"})
	// README ends
}

func Example_readme() {
	if err := readmeExample(context.Background(), []string{"testdata/library/deploy.yaml"}); err != nil {
		panic(err)
	}
	// Output:
	// testdata/library/deploy.yaml
	//   23:9   warning  missing-cpu-request      container "web" has no CPU request
	//     → Set resources.requests.cpu to what the container uses at steady state (kubectl top or your metrics). If you leave CPU unset on purpose, disable this rule and keep missing-memory-request.
	//   23:9   info     missing-liveness-probe   container "web" has no liveness probe
	//     → Add a livenessProbe that fails only when the process is stuck (not when a dependency is down), with a generous failureThreshold.
	//   23:9   warning  missing-memory-limit     container "web" has no memory limit
	//     → Set resources.limits.memory a little above the container's peak working set; keep it equal to the request for a Guaranteed pod.
	//   23:9   warning  missing-memory-request   container "web" has no memory request
	//     → Set resources.requests.memory to what the container uses at steady state (kubectl top or your metrics), with some headroom.
	//   23:9   info     missing-readiness-probe  container "web" has no readiness probe
	//     → Add a readinessProbe that checks the container can serve (an HTTP endpoint or a TCP port it listens on).
	//   23:9   info     privilege-escalation     container "web" does not set allowPrivilegeEscalation: false
	//     → Set securityContext.allowPrivilegeEscalation to false on every container.
	//   23:9   info     run-as-root              container "web" may run as root: runAsNonRoot is not set
	//     → Run as an unprivileged user, set securityContext.runAsNonRoot to true, and give runAsUser a non-zero id if the image's default user is root.
	//   27:18  warning  secret-in-env            container "web" sets the secret-looking variable DB_PASSWORD to a literal value
	//     → Put the value in a Secret and reference it with env[].valueFrom.secretKeyRef (or mount the Secret as a file); then rotate the exposed value.
	//
	// 8 problems (0 errors, 4 warnings, 4 info) in 1 file
}

// findingsOf returns the findings of a lint or diagnose Result.
func findingsOf(t *testing.T, result any) []finding.Finding {
	switch r := result.(type) {
	case lint.Result:
		return r.Findings
	case diagnose.Result:
		return r.Findings
	}
	t.Fatalf("not a Result: %T", result)
	return nil
}
