// Command peers measures how many of the checks of kube-linter, kube-score
// and polaris poddoctor catches, on the peers' own test files and with
// the peers' own verdicts (issue 21).
//
// A peer check is caught when some poddoctor rule that names it in its
// METADATA (custom.peers, `poddoctor rules -o json` shows them) fires on
// every object the peer flags and on none it passes; a rule naming it as
// "tool:check@severity" answers it with its findings of that severity or
// above. With -v, a check poddoctor disagrees with on purpose shows why
// (internal/peerchecks). Only objects of
// Kubernetes-native kinds count (the client-go scheme's); a check whose
// positive cases are all custom resources (OpenShift, Prometheus
// operator) is left out of the totals. Every rule runs (--profile all),
// with the parameters of peerParams.
//
// Usage:
//
//	go run ./bench/peers [-v] [-kube-linter BIN] DIR
//
// DIR holds clones of the three repositories:
//
//	git clone https://github.com/stackrox/kube-linter DIR/kube-linter
//	git clone https://github.com/zegl/kube-score DIR/kube-score
//	git clone https://github.com/FairwindsOps/polaris DIR/polaris
//
// The verdicts come from the peers' tests:
//   - kube-linter: each check's e2e test (e2etests/bats-tests.sh) runs
//     `kube-linter lint --include CHECK --do-not-auto-add-defaults` on one
//     file of tests/checks and asserts the reports. The objects reported
//     are the positives, the other objects of the file the negatives. The
//     reports are read by running the kube-linter binary given with
//     -kube-linter, exactly as the test does, and cached in
//     DIR/kube-linter-verdicts.json for later runs.
//   - kube-score: score/*_test.go grade one file per call
//     (testExpectedScore(t, FILE, CHECK, GRADE)); GradeCritical and
//     GradeWarning make the file positive, GradeAllOK negative. The unit is
//     the file.
//   - polaris: test/checks/CHECK/failure*.yaml are positive, success*.yaml
//     negative; the unit is the file.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/poddoctor/poddoctor/internal/peerchecks"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
)

func main() {
	verbose := flag.Bool("v", false, "list every check with its verdict and the objects that disagree")
	kubeLinter := flag.String("kube-linter", "", "kube-linter binary to read its verdicts (cached in DIR/kube-linter-verdicts.json)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./bench/peers [-v] [-kube-linter BIN] DIR (see the package doc for how to fill DIR)")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), flag.Arg(0), *kubeLinter, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, dir, kubeLinterBin string, verbose bool) error {
	linter, err := lint.New(ctx, lint.Options{Profile: "all", Data: peerParams})
	if err != nil {
		return err
	}
	mapping := map[string][]ruleRef{} // "tool:check" -> rules answering it
	for _, r := range linter.Rules() {
		for _, p := range r.Peers {
			check, minSeverity := peerchecks.Parse(p)
			ref := ruleRef{ID: r.ID, Min: finding.Info}
			if minSeverity != "" {
				if ref.Min, err = finding.ParseSeverity(minSeverity); err != nil {
					return fmt.Errorf("rule %s: peer %q: %w", r.ID, p, err)
				}
			}
			mapping[check] = append(mapping[check], ref)
		}
	}
	m := &measurer{linter: linter, mapping: mapping, cache: map[string]map[objectKey][]string{}}

	var tools []toolResult
	kl, err := kubeLinterCases(ctx, filepath.Join(dir, "kube-linter"), kubeLinterBin, filepath.Join(dir, "kube-linter-verdicts.json"))
	if err != nil {
		return fmt.Errorf("kube-linter: %w", err)
	}
	ks, err := kubeScoreCases(filepath.Join(dir, "kube-score"))
	if err != nil {
		return fmt.Errorf("kube-score: %w", err)
	}
	po, err := polarisCases(filepath.Join(dir, "polaris"))
	if err != nil {
		return fmt.Errorf("polaris: %w", err)
	}
	for _, t := range []struct {
		name  string
		cases []checkCase
	}{{"kube-linter", kl}, {"kube-score", ks}, {"polaris", po}} {
		res, err := m.measure(ctx, t.name, t.cases)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		tools = append(tools, res)
	}
	return report(os.Stdout, tools, verbose)
}

// peerParams configure poddoctor's configurable rules as the peers'
// built-in checks configure their templates: kube-linter's
// required-label-owner is its required-label template with key "owner",
// required-annotation-email its required-annotation template with key
// "email" and an e-mail pattern (pkg/builtinchecks/yamls in its
// repository); polaris' resourceRange test configures its custom check
// with limits of 100Mi to 6G memory and 100m to 2 CPU
// (test/checks/resourceRange/check.yaml), which resource-range takes as
// params. Without them those rules check nothing, as in a run without a
// .poddoctor.yaml.
var peerParams = map[string]any{"params": map[string]any{
	"required-labels":      map[string]any{"labels": map[string]any{"owner": ""}},
	"required-annotations": map[string]any{"annotations": map[string]any{"email": `[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+`}},
	"resource-range": map[string]any{"limits": map[string]any{
		"memory": map[string]any{"min": "100Mi", "max": "6G"},
		"cpu":    map[string]any{"min": "100m", "max": "2"},
	}},
}}

// ruleRef is a rule that answers a peer check: its findings of at least
// severity Min (custom.peers "tool:check@severity", peerchecks.Parse).
type ruleRef struct {
	ID  string
	Min finding.Severity
}

func (r ruleRef) String() string {
	if r.Min == finding.Info {
		return r.ID
	}
	return r.ID + "@" + r.Min.String()
}

// objectKey names one object of a test file.
type objectKey struct {
	Kind, Namespace, Name string
}

func (k objectKey) String() string {
	if k.Namespace == "" {
		return k.Kind + "/" + k.Name
	}
	return k.Kind + "/" + k.Namespace + "/" + k.Name
}

// unit is one verdict of a peer: an object of a file (kube-linter) or a
// whole file (kube-score, polaris).
type unit struct {
	File     string
	Object   *objectKey // nil: the whole file
	Positive bool
}

func (u unit) String() string {
	files := strings.ReplaceAll(u.File, fileSeparator, "+")
	if u.Object == nil {
		return files
	}
	return files + " " + u.Object.String()
}

// checkCase is one check of a peer with its verdicts.
type checkCase struct {
	Check string
	Units []unit
}

// checkResult is how poddoctor did on one peer check.
type checkResult struct {
	Check  string
	Rules  []ruleRef
	Caught bool
	// Missed are positive units no mapped rule fires on; Extra negative
	// units some mapped rule fires on (false alarms by the peer's verdict).
	Missed, Extra []string
}

type toolResult struct {
	Tool     string
	Checks   []checkResult
	Excluded []string // checks with no Kubernetes-native positive case
}

type fileObjects struct {
	native map[objectKey]bool                        // every object of the file: is its kind native?
	fired  map[objectKey]map[string]finding.Severity // the most severe finding of each rule
}

type measurer struct {
	linter  *lint.Linter
	mapping map[string][]ruleRef
	cache   map[string]map[objectKey][]string
	files   map[string]*fileObjects
}

// lintFile lints one file alone (cross-object rules see only its objects,
// as each peer test does) and reads its objects.
func (m *measurer) lintFile(ctx context.Context, file string) (*fileObjects, error) {
	if fo, ok := m.files[file]; ok {
		return fo, nil
	}
	objects, err := readObjects(file)
	if err != nil {
		return nil, err
	}
	res, err := m.linter.LintPaths(ctx, strings.Split(file, fileSeparator), nil)
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", file, err)
	}
	fo := &fileObjects{native: objects, fired: map[objectKey]map[string]finding.Severity{}}
	for _, f := range res.Findings {
		k := objectKey{Kind: f.Object.Kind, Namespace: f.Object.Namespace, Name: f.Object.Name}
		if fo.fired[k] == nil {
			fo.fired[k] = map[string]finding.Severity{}
		}
		if s, seen := fo.fired[k][f.Rule]; !seen || f.Severity > s {
			fo.fired[k][f.Rule] = f.Severity
		}
	}
	if m.files == nil {
		m.files = map[string]*fileObjects{}
	}
	m.files[file] = fo
	return fo, nil
}

// fires reports whether one of rules fires on the unit, and whether the
// unit counts (a Kubernetes-native object, or a file holding one).
func (m *measurer) fires(ctx context.Context, u unit, rules []ruleRef) (fired, counts bool, err error) {
	fo, err := m.lintFile(ctx, u.File)
	if err != nil {
		return false, false, err
	}
	if u.Object != nil {
		native, ok := fo.native[*u.Object]
		if !ok || !native {
			return false, false, nil
		}
		return anyRule(fo.fired[*u.Object], rules), true, nil
	}
	for k, native := range fo.native {
		if !native {
			continue
		}
		counts = true
		if anyRule(fo.fired[k], rules) {
			fired = true
		}
	}
	return fired, counts, nil
}

func anyRule(fired map[string]finding.Severity, rules []ruleRef) bool {
	for _, r := range rules {
		if s, ok := fired[r.ID]; ok && s >= r.Min {
			return true
		}
	}
	return false
}

func (m *measurer) measure(ctx context.Context, tool string, cases []checkCase) (toolResult, error) {
	res := toolResult{Tool: tool}
	for _, c := range cases {
		rules := m.mapping[tool+":"+c.Check]
		r := checkResult{Check: c.Check, Rules: rules}
		positives := 0
		for _, u := range c.Units {
			fired, counts, err := m.fires(ctx, u, rules)
			if err != nil {
				return res, err
			}
			if !counts {
				continue
			}
			if u.Positive {
				positives++
				if !fired {
					r.Missed = append(r.Missed, u.String())
				}
			} else if fired {
				r.Extra = append(r.Extra, u.String())
			}
		}
		if positives == 0 {
			res.Excluded = append(res.Excluded, c.Check)
			continue
		}
		r.Caught = len(rules) > 0 && len(r.Missed) == 0 && len(r.Extra) == 0
		res.Checks = append(res.Checks, r)
	}
	return res, nil
}

func report(w *os.File, tools []toolResult, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "peer\tchecks caught\tmapped\tpositives missed\tnegatives flagged\texcluded (no native positive)")
	for _, t := range tools {
		caught, mapped, missed, extra := 0, 0, 0, 0
		for _, c := range t.Checks {
			if c.Caught {
				caught++
			}
			if len(c.Rules) > 0 {
				mapped++
				missed += len(c.Missed)
				extra += len(c.Extra)
			}
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%d\t%d\t%d\t%s\n", t.Tool, caught, len(t.Checks), mapped, missed, extra, strings.Join(t.Excluded, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !verbose {
		return nil
	}
	for _, t := range tools {
		fmt.Fprintf(w, "\n## %s\n", t.Tool)
		for _, c := range t.Checks {
			verdict := "caught"
			switch {
			case len(c.Rules) == 0:
				verdict = "no rule"
			case !c.Caught:
				verdict = "partly"
			}
			rules := make([]string, len(c.Rules))
			for i, r := range c.Rules {
				rules[i] = r.String()
			}
			fmt.Fprintf(w, "%-8s %-55s %s\n", verdict, c.Check, strings.Join(rules, ","))
			if why, ok := peerchecks.Why(t.Tool + ":" + c.Check); ok && !c.Caught {
				fmt.Fprintf(w, "           on purpose: %s\n", why)
			}
			if len(c.Rules) == 0 {
				continue
			}
			for _, x := range c.Missed {
				fmt.Fprintf(w, "           missed  %s\n", x)
			}
			for _, x := range c.Extra {
				fmt.Fprintf(w, "           flagged %s\n", x)
			}
		}
	}
	return nil
}

// sortedKeys returns the keys of a map, sorted, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
