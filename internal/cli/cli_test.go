package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md")

// run executes the command line and returns exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), append([]string{"poddoctor"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

const examples = "../../testdata/examples"

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"warnings below the default error gate", []string{"lint", examples + "/pods02.yaml"}, ExitOK},
		{"warnings at the warning gate", []string{"lint", "--fail-on", "warning", examples + "/pods02.yaml"}, ExitFindings},
		{"none never fails", []string{"lint", "--fail-on", "none", "../../testdata/lint/manifests.yaml"}, ExitOK},
		{"errors fail by default", []string{"lint", "../../testdata/lint/manifests.yaml"}, ExitFindings},
		{"diagnose finds an error", []string{"diagnose", "-f", "../../testdata/diagnose/image-typo-docker.yaml"}, ExitFindings},
		{"version", []string{"version"}, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.want, stderr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.rego")
	if err := os.WriteFile(broken, []byte("package team\n\ndeny contains msg if {\n  msg :=\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no input", []string{"lint"}, "no input"},
		{"missing path", []string{"lint", "does/not/exist.yaml"}, "does/not/exist.yaml"},
		{"unknown format", []string{"lint", "-o", "yaml", examples}, `unknown output format "yaml": valid formats are text, json, sarif, junit, github, codeclimate`},
		{"bad gate", []string{"lint", "--fail-on", "critical", examples}, `--fail-on: unknown threshold "critical"`},
		{"mistyped rule", []string{"lint", "--disable", "latest-tags", examples}, `unknown rule "latest-tags": did you mean "latest-tag"?`},
		{"broken policy names file and line", []string{"lint", "--policy", broken, examples}, broken + ":"},
		{"empty policy dir", []string{"lint", "--policy", dir + "/nothing", examples}, "nothing"},
		{"diagnose without input", []string{"diagnose"}, "no input"},
		{"unknown command", []string{"lnt"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, "", tt.args...)
			if code != ExitError {
				t.Fatalf("exit %d, want %d", code, ExitError)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Fatalf("stderr %q does not contain %q", stderr, tt.want)
			}
		})
	}
}

func TestDisableSwitchesRuleOff(t *testing.T) {
	_, out, _ := run(t, "", "lint", "-o", "json", "--disable", "latest-tag,image-typo", examples+"/typo.yaml")
	if strings.Contains(out, `"latest-tag"`) || strings.Contains(out, `"image-typo"`) {
		t.Fatalf("disabled rules still reported:\n%s", out)
	}
	_, out, _ = run(t, "", "lint", "-o", "json", "--disable", "latest-tag", "--enable", "latest-tag", examples+"/typo.yaml")
	if !strings.Contains(out, `"latest-tag"`) {
		t.Fatal("--enable did not switch latest-tag back on")
	}
}

// TestDisableSplitRuleByOldID: missing-resource-requests was split into
// missing-cpu-request and missing-memory-request; --disable still accepts
// the old id and switches both off.
func TestDisableSplitRuleByOldID(t *testing.T) {
	code, out, stderr := run(t, "", "lint", "-o", "json", "--disable", "missing-resource-requests", examples+"/typo.yaml")
	if code == ExitError {
		t.Fatalf("--disable missing-resource-requests refused: %s", stderr)
	}
	if strings.Contains(out, `"missing-cpu-request"`) || strings.Contains(out, `"missing-memory-request"`) {
		t.Fatalf("the successors of the disabled id are still reported:\n%s", out)
	}
	if _, out, _ = run(t, "", "lint", "-o", "json", examples+"/typo.yaml"); !strings.Contains(out, `"missing-cpu-request"`) {
		t.Fatal("missing-cpu-request is not reported on typo.yaml without --disable; the test proves nothing")
	}
}

func TestLintFromStdin(t *testing.T) {
	manifest, err := os.ReadFile(examples + "/typo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, string(manifest), "lint", "-o", "json", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
			Fix *struct{ Path, Value string } `json:"fix"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	var typo bool
	for _, f := range doc.Findings {
		if f.Rule == "image-typo" {
			typo = true
			if f.Location.File != "<stdin>" || f.Location.Line != 8 || f.Fix == nil || f.Fix.Value != "nginx:latest" {
				t.Errorf("image-typo finding = %+v", f)
			}
		}
	}
	if !typo {
		t.Fatalf("no image-typo finding in %s", out)
	}
}

// TestGoldenOutput pins what a person and a machine see for the bundled
// examples. Rewrite with `go test ./internal/cli/ -update`.
func TestGoldenOutput(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"lint-examples.txt", []string{"lint", "--no-color", examples}},
		{"lint-examples.json", []string{"lint", "-o", "json", examples}},
		{"diagnose-image-typo.txt", []string{"diagnose", "--now", "newest", "--no-color", "-f", "../../testdata/diagnose/image-typo-docker.yaml"}},
		{"diagnose-image-typo.json", []string{"diagnose", "--now", "newest", "-o", "json", "-f", "../../testdata/diagnose/image-typo-docker.yaml"}},
		{"diagnose-crash-loop.txt", []string{"diagnose", "--now", "newest", "--no-color", "-f", "../../testdata/diagnose/crash-loop-deployment.yaml"}},
		{"diagnose-all.txt", []string{"diagnose", "--now", "newest", "--no-color", "-f", "../../testdata/diagnose/"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			_, out, _ := run(t, "", tt.args...)
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run with -update if the change is intended):\n%s", path, out)
			}
		})
	}
}

// TestRulesDocIsCurrent fails when docs/rules.md is not what
// `poddoctor rules -o markdown` prints.
func TestRulesDocIsCurrent(t *testing.T) {
	_, out, stderr := run(t, "", "rules", "-o", "markdown")
	if out == "" {
		t.Fatalf("no output: %s", stderr)
	}
	path := "../../docs/rules.md"
	if *update {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Error("docs/rules.md is stale: run `go test ./internal/cli/ -update` (or `go run ./cmd/poddoctor rules -o markdown > docs/rules.md`)")
	}
}

func TestRulesListsBothEngines(t *testing.T) {
	_, out, _ := run(t, "", "rules", "-o", "json")
	var doc struct {
		Rules []struct {
			ID, Engine, Description, Remedy string
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	engines := map[string]int{}
	seen := map[string]bool{}
	for _, r := range doc.Rules {
		engines[r.Engine]++
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if r.Description == "" || r.Remedy == "" {
			t.Errorf("rule %s lacks description or remedy", r.ID)
		}
	}
	if engines["lint"] < 20 || engines["diagnose"] < 35 {
		t.Errorf("rules per engine = %v, want at least 20 lint and 35 diagnose", engines)
	}
}

func TestKubectlPluginName(t *testing.T) {
	var out bytes.Buffer
	Run(context.Background(), []string{"/usr/local/bin/kubectl-poddoctor", "--help"}, strings.NewReader(""), &out, &out)
	if !strings.Contains(out.String(), "kubectl poddoctor") {
		t.Fatalf("help does not say kubectl poddoctor:\n%s", out.String())
	}
}

func TestTestPolicies(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("team.rego", "package team\n\ndeny contains \"no latest\" if endswith(input.spec.containers[_].image, \":latest\")\n")
	write("team_test.rego", "package team_test\n\nimport data.team\n\ntest_latest if {\n  count(team.deny) == 1 with input as {\"spec\": {\"containers\": [{\"image\": \"nginx:latest\"}]}}\n}\n\ntest_wrong if {\n  count(team.deny) == 5 with input as {}\n}\n")
	code, out, _ := run(t, "", "test-policies", dir)
	if code != ExitFindings || !strings.Contains(out, "FAIL") || !strings.Contains(out, "test_wrong") || !strings.Contains(out, "1 passed, 1 failed") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

// TestRunbookPolicy loads the runbook of docs/facts.md through --policy and
// proves its finding appears beside the built-in diagnosis.
func TestRunbookPolicy(t *testing.T) {
	code, out, stderr := run(t, "", "diagnose", "-o", "json", "--policy", "../../testdata/policies/payments", "-f", "../../testdata/policies/payments-crash.yaml")
	if code != ExitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var doc struct {
		Findings []struct {
			Rule   string `json:"rule"`
			Remedy string `json:"remedy"`
			Owner  *struct{ Kind, Name string }
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, f := range doc.Findings {
		rules[f.Rule] = f.Remedy
		if f.Owner == nil || f.Owner.Kind != "Deployment" || f.Owner.Name != "payments" {
			t.Errorf("%s: owner = %+v, want Deployment payments", f.Rule, f.Owner)
		}
	}
	if _, ok := rules["crash-loop"]; !ok {
		t.Errorf("built-in crash-loop missing: %v", rules)
	}
	if !strings.Contains(rules["payments-vault-token"], "runbooks.example.com") {
		t.Errorf("runbook finding missing or without its remedy: %v", rules)
	}
	code, out, _ = run(t, "", "test-policies", "../../testdata/policies/payments")
	if code != ExitOK || !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("test-policies: exit %d\n%s", code, out)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	manifest, err := os.ReadFile(examples + "/typo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write("deploy/pod.yaml", string(manifest))
	write("vendor/pod.yaml", string(manifest))
	cfg := write(".poddoctor.yaml", `disable: [missing-liveness-probe, missing-readiness-probe]
severity:
  latest-tag: error
exclude:
  paths: ["vendor/**"]
`)
	code, out, stderr := run(t, "", "lint", "--config", cfg, "-o", "json", filepath.Join(dir, "deploy"), filepath.Join(dir, "vendor"))
	if code != ExitFindings {
		t.Fatalf("exit %d (latest-tag raised to error must fail the run): %s", code, stderr)
	}
	if strings.Contains(out, "missing-liveness-probe") || strings.Contains(out, "vendor/pod.yaml") {
		t.Errorf("disabled rule or excluded path in output:\n%s", out)
	}
	if !strings.Contains(out, `"rule": "latest-tag",
      "severity": "error"`) {
		t.Errorf("latest-tag not raised to error:\n%s", out)
	}
	code, _, stderr = run(t, "", "lint", "--config", cfg, "--fail-on", "none", filepath.Join(dir, "deploy"))
	if code != ExitOK {
		t.Errorf("--fail-on on the command line must win over the config: exit %d %s", code, stderr)
	}
	bad := write("bad.yaml", "disbale: [latest-tag]\n")
	code, _, stderr = run(t, "", "lint", "--config", bad, filepath.Join(dir, "deploy"))
	if code != ExitError || !strings.Contains(stderr, `did you mean "disable"?`) {
		t.Errorf("unknown config key: exit %d, stderr %q", code, stderr)
	}
}

func TestRulesListsTeamPolicies(t *testing.T) {
	code, out, stderr := run(t, "", "rules", "--policy", "../../testdata/policies/payments")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "payments-vault-token") || !strings.Contains(out, "runbooks") {
		t.Errorf("the team's rule is not listed:\n%s", out)
	}
	if strings.Count(out, "payments-vault-token") != 1 {
		t.Errorf("the team's rule is listed more than once:\n%s", out)
	}
}

func TestMaxDocumentSize(t *testing.T) {
	big := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: \"" + strings.Repeat("x", 2<<20) + "\"\n"
	code, out, _ := run(t, big, "lint", "-o", "json", "--max-document-size", "1Mi", "-")
	if code != ExitFindings || !strings.Contains(out, "over the limit of 1048576 bytes") {
		t.Errorf("with a 1Mi limit: exit %d\n%.400s", code, out)
	}
	code, out, _ = run(t, big, "lint", "-o", "json", "-")
	if code != ExitOK || strings.Contains(out, "over the limit") {
		t.Errorf("with the default limit: exit %d\n%.400s", code, out)
	}
	code, _, stderr := run(t, big, "lint", "--max-document-size", "lots", "-")
	if code != ExitError || !strings.Contains(stderr, "want a size such as 32Mi") {
		t.Errorf("bad size: exit %d, %s", code, stderr)
	}
}

// TestDiagnoseNeverPrintsSecrets feeds a pod whose literal env secret
// also appears in its termination message, and checks every output.
func TestDiagnoseNeverPrintsSecrets(t *testing.T) {
	snap := `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: api-1, namespace: shop, uid: u-1}
  spec:
    restartPolicy: Always
    containers:
    - name: api
      image: acme/api:1.0
      env:
      - {name: DB_PASSWORD, value: s3cr3t-Pa55word}
  status:
    phase: Running
    containerStatuses:
    - name: api
      image: acme/api:1.0
      restartCount: 4
      state: {waiting: {reason: CrashLoopBackOff}}
      lastState:
        terminated:
          exitCode: 1
          reason: Error
          message: "login failed for app with s3cr3t-Pa55word; token=abcd1234efgh"
          finishedAt: "2026-11-25T08:00:00Z"
`
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "facts"} {
		_, out, stderr := run(t, snap, "diagnose", "-o", format, "-f", "-")
		if !strings.Contains(out, "REDACTED") {
			t.Errorf("%s: no redaction in output (stderr %s):\n%.600s", format, stderr, out)
		}
		for _, secret := range []string{"s3cr3t-Pa55word", "abcd1234efgh"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains %q", format, secret)
			}
		}
	}
}

// TestLintNeverPrintsSecretData lints a Secret and a team policy that
// quotes env values: neither the Secret's data nor the literal password
// may reach the output.
func TestLintNeverPrintsSecretData(t *testing.T) {
	dir := t.TempDir()
	policyFile := filepath.Join(dir, "quote.rego")
	if err := os.WriteFile(policyFile, []byte(`package main

deny contains sprintf("env %s is %s in plain text", [e.name, e.value]) if {
	some c in input.spec.template.spec.containers
	some e in c.env
	e.value
}

deny contains sprintf("secret holds %s", [base64.decode(input.data.password)]) if input.kind == "Secret"
`), 0o644); err != nil {
		t.Fatal(err)
	}
	manifests := `apiVersion: v1
kind: Secret
metadata: {name: db}
data:
  password: Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: acme/api:1.0
        env:
        - {name: DB_PASS, value: plain-Pa55-word}
`
	for _, format := range []string{"text", "json", "sarif", "junit", "github", "codeclimate"} {
		_, out, stderr := run(t, manifests, "lint", "-o", format, "--policy", policyFile, "-")
		if !strings.Contains(out, "REDACTED") {
			t.Errorf("%s: no redaction (stderr %s)", format, stderr)
		}
		for _, secret := range []string{"correct-horse-battery", "Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5", "plain-Pa55-word"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output contains %q", format, secret)
			}
		}
	}
}

// TestTopdownFallbackNote: a team policy the planner refuses still runs
// (with topdown), and the run says so once on stderr, naming the file.
func TestTopdownFallbackNote(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "limits.rego")
	src := "package main\n\nlimits[name] := 1 if input.metadata.labels[name]\n\nlimits.total := n if n := limits.app + 1\n\ndeny contains \"limits.total is over 1\" if limits.total > 1\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: x\n"
	_, stdout, stderr := run(t, manifest, "lint", "--policy", file, "-")
	if n := strings.Count(stderr, "note: policies are evaluated with OPA's topdown"); n != 1 {
		t.Errorf("stderr has %d fallback notes, want 1:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, file+":5") {
		t.Errorf("the note does not name %s:5:\n%s", file, stderr)
	}
	if !strings.Contains(stdout, "limits.total is over 1") {
		t.Errorf("the policy's finding is missing:\n%s", stdout)
	}
	_, _, stderr = run(t, manifest, "lint", "-")
	if strings.Contains(stderr, "topdown") {
		t.Errorf("built-in policies alone fell back to topdown:\n%s", stderr)
	}
}

// TestRulesAndDisableCompileNoPolicy gives `rules`, and `--disable` of a
// run, team policies that no engine compiles: one reads the clock (lint
// refuses it, diagnose would accept it), one calls a function that does
// not exist. Listing the rules and checking --disable ids only read
// METADATA, so both rules are listed and a diagnosis with the clock policy
// runs with --disable; compiling lint's engine to check the ids (as
// before) failed it.
func TestRulesAndDisableCompileNoPolicy(t *testing.T) {
	const dir = "testdata/uncompilable-policies"
	code, out, stderr := run(t, "", "rules", "--policy", dir)
	if code != ExitOK {
		t.Fatalf("rules: exit %d: %s", code, stderr)
	}
	for _, id := range []string{"team-old-pod", "team-typo"} {
		if !strings.Contains(out, id) {
			t.Errorf("rules does not list %s:\n%s", id, out)
		}
	}
	// A run still compiles: a policy that does not is an error there.
	code, _, stderr = run(t, "", "lint", "--policy", filepath.Join(dir, "typo.rego"), "--disable", "latest-tag", examples+"/typo.yaml")
	if code != ExitError || !strings.Contains(stderr, "no_such_function") {
		t.Errorf("lint of a policy that does not compile: exit %d, want %d naming the undefined function; stderr %s", code, ExitError, stderr)
	}
	clock := filepath.Join(dir, "clock.rego")
	code, _, stderr = run(t, "", "diagnose", "--policy", clock, "--disable", "crash-loop", "-f", "../../testdata/policies/payments-crash.yaml")
	if code == ExitError {
		t.Errorf("diagnose with a clock-reading policy and --disable: exit %d: %s", code, stderr)
	}
	code, _, stderr = run(t, "", "diagnose", "--policy", clock, "--disable", "team-old-pdo", "-f", "../../testdata/policies/payments-crash.yaml")
	if code != ExitError || !strings.Contains(stderr, `did you mean "team-old-pod"?`) {
		t.Errorf("a mistyped --disable of a team rule: exit %d, stderr %s", code, stderr)
	}
}
