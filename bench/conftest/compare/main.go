// Command compare measures poddoctor's conftest compatibility on
// conftest's own examples (module source of conftest v0.71.1): the
// Kubernetes examples run with `conftest test` and with `poddoctor lint`
// under the same flags, and the policy test suites with `conftest verify`
// and `poddoctor test-policies`. It prints one table row per example and
// the agreement counts.
//
//	go run ./bench/conftest/compare                 # downloads and builds conftest
//	go run ./bench/conftest/compare -conftest PATH  # uses a conftest binary
//
// It needs the Go module proxy (go mod download, go install); conftest is
// built into a temporary directory, never into the repository.
//
// Two runs agree on an example when they report the same multiset of
// (kind, file, message): kind FAIL for deny and violation, WARN for warn,
// EXCP for exceptions; poddoctor's built-in rules are left out, since
// conftest has none. A verify suite agrees when both report the same
// numbers of passed and failed tests, or both refuse to run it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const conftestModule = "github.com/open-policy-agent/conftest@v0.71.1"

// example is one `conftest test` run: its flags and files, relative to the
// conftest module directory (or dir, when set), and what poddoctor gets.
type example struct {
	name  string
	dir   string   // working directory below the module, "" for its root
	args  []string // flags and files, as given to conftest test
	pd    []string // poddoctor lint's flags and files, when they differ
	stdin string   // file given on standard input
}

// examples are the Kubernetes examples of conftest's examples/ directory,
// with the flags its acceptance tests (acceptance.bats) and READMEs use.
var examples = []example{
	{name: "kubernetes service", args: []string{"-p", "examples/kubernetes/policy", "examples/kubernetes/service.yaml"}},
	{name: "kubernetes deployment", args: []string{"-p", "examples/kubernetes/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "kubernetes deployment+service", args: []string{"-p", "examples/kubernetes/policy", "examples/kubernetes/deployment+service.yaml"}},
	{name: "kubernetes two files", args: []string{"-p", "examples/kubernetes/policy", "examples/kubernetes/deployment.yaml", "examples/kubernetes/service.yaml"}},
	{name: "kubernetes one policy file", args: []string{"-p", "examples/kubernetes/policy/deny.rego", "examples/kubernetes/deployment.yaml"}},
	{name: "kubernetes --namespace notpresent", args: []string{"--namespace", "notpresent", "-p", "examples/kubernetes/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "kubernetes --all-namespaces", args: []string{"--all-namespaces", "-p", "examples/kubernetes/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "kubernetes --namespace glob", args: []string{"--namespace", "ma*", "-p", "examples/kubernetes/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "kubernetes --namespace list", args: []string{"--namespace", "kubernetes,main", "-p", "examples/kubernetes/policy", "examples/kubernetes/service.yaml"}},
	{name: "kubernetes stdin", args: []string{"-p", "examples/kubernetes/policy", "-"}, stdin: "examples/kubernetes/service.yaml"},
	{name: "kubernetes directory", args: []string{"-p", "examples/kubernetes/policy", "examples/kubernetes"}},
	{name: "kubernetes/combine two files --combine", args: []string{"--combine", "-p", "examples/kubernetes/combine", "examples/kubernetes/combine/deployment.yaml", "examples/kubernetes/combine/service.yaml"}},
	{name: "kubernetes/combine one file --combine", args: []string{"--combine", "-p", "examples/kubernetes/combine", "examples/kubernetes/combine/combine.yaml"}},
	{name: "exceptions", args: []string{"-p", "examples/exceptions/policy", "examples/exceptions/deployments.yaml"}},
	{name: "data with --data", args: []string{"-p", "examples/data/policy", "-d", "examples/data/exclusions", "examples/data/service.yaml"}},
	{name: "data without --data", args: []string{"-p", "examples/data/policy", "examples/data/service.yaml"}},
	{name: "kustomize", args: []string{"-p", "examples/kustomize/policy", "examples/kustomize/deployment.yaml", "examples/kustomize/service.yaml", "examples/kustomize/configMap.yaml"}},
	{name: "strict-rules (lenient policy)", args: []string{"-p", "examples/strict-rules/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "report policy", args: []string{"-p", "examples/report/policy", "examples/kubernetes/deployment.yaml"}},
	{name: "combine team+users --combine", args: []string{"--combine", "-p", "examples/combine/policy", "examples/combine/team.yaml", "examples/combine/user1.yaml", "examples/combine/user2.yaml"}},
	{name: "combine team+users list --combine", args: []string{"--combine", "-p", "examples/combine/policy", "examples/combine/team.yaml", "examples/combine/users.yaml"}},
	{name: "configfile (conftest.toml: policy test, namespace conftest)", dir: "examples/configfile", args: []string{"deployment.yaml"}, pd: []string{"--policy", "test", "--namespace", "conftest", "deployment.yaml"}},
}

// suite is one `conftest verify` run.
type suite struct {
	name string
	args []string
}

// suites are the policy test suites of conftest's examples/.
var suites = []suite{
	{"kubernetes", []string{"-p", "examples/kubernetes/policy"}},
	{"kubernetes/combine", []string{"-p", "examples/kubernetes/combine"}},
	{"data", []string{"-p", "examples/data/policy", "-d", "examples/data/exclusions"}},
	{"traefik (a failing test)", []string{"-p", "examples/traefik/policy"}},
	{"dotenv", []string{"-p", "examples/dotenv/policy"}},
	{"report success", []string{"-p", "examples/report/policy", "-p", "examples/report/success"}},
	{"report fail", []string{"-p", "examples/report/policy", "-p", "examples/report/fail"}},
	{"properties (no test rules)", []string{"-p", "examples/properties/policy"}},
	{"hcl2 (parse_config hcl2)", []string{"-p", "examples/hcl2/policy"}},
	{"nginx (parse_config nginx)", []string{"-p", "examples/nginx/policy"}},
	{"jenkins (parse_config groovy)", []string{"-p", "examples/jenkins/policy"}},
}

func main() {
	conftestBin := flag.String("conftest", "", "conftest binary (default: build "+conftestModule+" into a temporary directory)")
	poddoctorBin := flag.String("poddoctor", "", "poddoctor binary (default: go build ./cmd/poddoctor into a temporary directory)")
	flag.Parse()
	if err := run(*conftestBin, *poddoctorBin); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
}

func run(conftestBin, poddoctorBin string) error {
	tmp, err := os.MkdirTemp("", "conftest-compare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	moduleDir, err := downloadModule()
	if err != nil {
		return err
	}
	if conftestBin == "" {
		conftestBin = filepath.Join(tmp, "conftest")
		fmt.Fprintf(os.Stderr, "building %s into %s (a few minutes the first time)\n", conftestModule, tmp)
		cmd := exec.Command("go", "install", conftestModule)
		cmd.Env = append(os.Environ(), "GOBIN="+tmp, "GOFLAGS=-mod=mod")
		cmd.Dir = tmp
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go install %s: %v\n%s", conftestModule, err, out)
		}
	}
	if poddoctorBin == "" {
		poddoctorBin = filepath.Join(tmp, "poddoctor")
		if out, err := exec.Command("go", "build", "-o", poddoctorBin, "./cmd/poddoctor").CombinedOutput(); err != nil {
			return fmt.Errorf("go build ./cmd/poddoctor (run from the repository root): %v\n%s", err, out)
		}
	}
	builtin, err := builtinRules(poddoctorBin)
	if err != nil {
		return err
	}

	agreeEx := 0
	fmt.Println("| conftest test example | conftest | poddoctor lint | agree |")
	fmt.Println("|---|---|---|---|")
	for _, ex := range examples {
		dir := filepath.Join(moduleDir, ex.dir)
		want, werr := conftestTest(conftestBin, dir, ex)
		got, gerr := poddoctorLint(poddoctorBin, dir, ex, builtin)
		same := werr == nil && gerr == nil && slices.Equal(want, got)
		if same {
			agreeEx++
		}
		fmt.Printf("| %s | %s | %s | %s |\n", ex.name, describe(want, werr), describe(got, gerr), yesNo(same))
		if !same {
			for _, line := range diff(want, got) {
				fmt.Printf("|   | %s |  |  |\n", line)
			}
		}
	}
	fmt.Println()
	agreeSuites := 0
	fmt.Println("| conftest verify suite | conftest | poddoctor test-policies | agree |")
	fmt.Println("|---|---|---|---|")
	for _, s := range suites {
		want := conftestVerify(conftestBin, moduleDir, s)
		got := poddoctorTestPolicies(poddoctorBin, moduleDir, s)
		same := want.agrees(got)
		if same {
			agreeSuites++
		}
		fmt.Printf("| %s | %s | %s | %s |\n", s.name, want, got, yesNo(same))
	}
	fmt.Printf("\nexamples: %d of %d give the same messages; verify suites: %d of %d agree\n", agreeEx, len(examples), agreeSuites, len(suites))
	return nil
}

// downloadModule puts conftest's module source in the module cache.
func downloadModule() (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", conftestModule)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v", conftestModule, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("go mod download %s: %v", conftestModule, err)
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: %s", conftestModule, info.Error)
	}
	return info.Dir, nil
}

// builtinRules lists poddoctor's own rule ids, to leave their findings out.
func builtinRules(bin string) (map[string]bool, error) {
	out, err := exec.Command(bin, "rules", "-o", "json").Output()
	if err != nil {
		return nil, fmt.Errorf("poddoctor rules: %v", err)
	}
	var doc struct {
		Rules []struct{ ID string } `json:"rules"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("poddoctor rules: %v", err)
	}
	ids := map[string]bool{}
	for _, r := range doc.Rules {
		ids[r.ID] = true
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("poddoctor rules listed no rule")
	}
	return ids, nil
}

// execIn runs a command in dir with stdin from a file, and returns its
// standard output and exit code; an exit code of -1 means it did not run.
func execIn(dir, stdinFile string, name string, args ...string) ([]byte, []byte, int) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if stdinFile != "" {
		f, err := os.Open(filepath.Join(dir, stdinFile))
		if err != nil {
			return nil, []byte(err.Error()), -1
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else {
			return nil, []byte(err.Error()), -1
		}
	}
	return stdout.Bytes(), stderr.Bytes(), code
}

// conftestTest runs conftest test and returns its messages, sorted.
func conftestTest(bin, dir string, ex example) ([]string, error) {
	args := append([]string{"test", "--no-color", "-o", "json"}, ex.args...)
	out, stderr, code := execIn(dir, ex.stdin, bin, args...)
	if code < 0 || code > 1 && len(out) == 0 {
		return nil, fmt.Errorf("exit %d: %s", code, firstLine(stderr))
	}
	var results []struct {
		Filename   string
		Failures   []struct{ Msg string }
		Warnings   []struct{ Msg string }
		Exceptions []struct{ Msg string }
	}
	if err := json.Unmarshal(out, &results); err != nil {
		return nil, fmt.Errorf("read conftest's JSON: %v (%s)", err, firstLine(stderr))
	}
	var msgs []string
	for _, r := range results {
		file := normalFile(r.Filename)
		for _, f := range r.Failures {
			msgs = append(msgs, "FAIL "+file+" "+f.Msg)
		}
		for _, w := range r.Warnings {
			msgs = append(msgs, "WARN "+file+" "+w.Msg)
		}
		for _, e := range r.Exceptions {
			msgs = append(msgs, "EXCP "+file+" "+e.Msg)
		}
	}
	sort.Strings(msgs)
	return msgs, nil
}

// poddoctorLint runs poddoctor lint and returns the messages of the team's
// policies, sorted, worded as conftestTest words them.
func poddoctorLint(bin, dir string, ex example, builtin map[string]bool) ([]string, error) {
	flags := ex.pd
	if flags == nil {
		flags = ex.args
	}
	args := []string{"lint", "-o", "json", "--fail-on", "none", "--show-suppressed"}
	for _, flag := range flags {
		// poddoctor lint's --namespace is a Kubernetes namespace (a chart's);
		// conftest's package selection is --policy-namespace there.
		switch flag {
		case "--namespace":
			flag = "--policy-namespace"
		case "--all-namespaces":
			flag = "--all-policy-namespaces"
		}
		args = append(args, flag)
	}
	out, stderr, code := execIn(dir, ex.stdin, bin, args...)
	if code != 0 {
		return nil, fmt.Errorf("exit %d: %s", code, firstLine(stderr))
	}
	type f struct {
		Rule     string
		Severity string
		Message  string
		Location *struct{ File string }
	}
	var doc struct {
		Findings   []f
		Suppressed []f
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("read poddoctor's JSON: %v", err)
	}
	var msgs []string
	add := func(kind string, x f) {
		file := ""
		if x.Location != nil {
			file = normalFile(x.Location.File)
		}
		msgs = append(msgs, kind+" "+file+" "+x.Message)
	}
	for _, x := range doc.Findings {
		if builtin[x.Rule] {
			continue
		}
		switch x.Severity {
		case "error":
			add("FAIL", x)
		case "warning":
			add("WARN", x)
		default:
			add("INFO", x)
		}
	}
	for _, x := range doc.Suppressed {
		if !builtin[x.Rule] && strings.HasPrefix(x.Message, "data.") {
			add("EXCP", x)
		}
	}
	sort.Strings(msgs)
	return msgs, nil
}

// normalFile names standard input alike for both tools.
func normalFile(name string) string {
	// conftest's JSON names standard input "", its text output "-".
	if name == "" || name == "-" || name == "<stdin>" {
		return "<stdin>"
	}
	return filepath.Clean(name)
}

// verifyOutcome is what a test run reported.
type verifyOutcome struct {
	passed, failed int
	err            string
}

func (v verifyOutcome) String() string {
	if v.err != "" {
		return "error: " + v.err
	}
	return fmt.Sprintf("%d passed, %d failed", v.passed, v.failed)
}

func (v verifyOutcome) agrees(o verifyOutcome) bool {
	if v.err != "" || o.err != "" {
		return v.err != "" && o.err != ""
	}
	return v.passed == o.passed && v.failed == o.failed
}

var conftestCounts = regexp.MustCompile(`(\d+) tests?, (\d+) passed, (\d+) warnings?, (\d+) failures?`)

func conftestVerify(bin, dir string, s suite) verifyOutcome {
	out, stderr, code := execIn(dir, "", bin, append([]string{"verify", "--no-color"}, s.args...)...)
	m := conftestCounts.FindSubmatch(out)
	if m == nil {
		return verifyOutcome{err: fmt.Sprintf("exit %d: %s", code, firstLine(append(stderr, out...)))}
	}
	passed, _ := strconv.Atoi(string(m[2]))
	failed, _ := strconv.Atoi(string(m[4]))
	return verifyOutcome{passed: passed, failed: failed}
}

var poddoctorCounts = regexp.MustCompile(`(\d+) passed, (\d+) failed`)

func poddoctorTestPolicies(bin, dir string, s suite) verifyOutcome {
	out, stderr, code := execIn(dir, "", bin, append([]string{"test-policies"}, s.args...)...)
	m := poddoctorCounts.FindSubmatch(out)
	if m == nil {
		return verifyOutcome{err: fmt.Sprintf("exit %d: %s", code, firstLine(append(stderr, out...)))}
	}
	passed, _ := strconv.Atoi(string(m[1]))
	failed, _ := strconv.Atoi(string(m[2]))
	return verifyOutcome{passed: passed, failed: failed}
}

func describe(msgs []string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	counts := map[string]int{}
	for _, m := range msgs {
		counts[m[:4]]++
	}
	var parts []string
	for _, k := range []string{"FAIL", "WARN", "EXCP", "INFO"} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// diff lists the messages only one side reported.
func diff(want, got []string) []string {
	var out []string
	count := map[string]int{}
	for _, w := range want {
		count[w]++
	}
	for _, g := range got {
		count[g]--
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch n := count[k]; {
		case n > 0:
			out = append(out, fmt.Sprintf("only conftest (%d): %s", n, k))
		case n < 0:
			out = append(out, fmt.Sprintf("only poddoctor (%d): %s", -n, k))
		}
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

func firstLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
