package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/poddoctor/poddoctor/internal/didyoumean"
	"github.com/poddoctor/poddoctor/internal/version"
	"github.com/poddoctor/poddoctor/pkg/config"
	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/policy"
	"github.com/poddoctor/poddoctor/pkg/redact"
	"github.com/poddoctor/poddoctor/pkg/report"
)

// analysisFlags are the flags lint and diagnose share: how findings are
// chosen, gated and printed.
type analysisFlags struct {
	output         string
	failOn         string
	minSeverity    string
	policyDirs     []string
	disable        []string
	enable         []string
	profile        string
	showSuppressed bool
	noColor        bool
	color          string
	configFile     string
	allowEmpty     bool

	// config is the .poddoctor.yaml in force, merged into the flags by
	// applyConfig; an empty Config when there is none.
	config *config.Config
	// secrets are values known to be secret in this run's input; output
	// never shows them (credential-shaped text is redacted regardless).
	secrets []string
	// ownerPods counts the pods of each owner, for "3 of 12 pods".
	ownerPods map[string]int
}

func (f *analysisFlags) register(cmd *cobra.Command, formats []string) {
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "text", "output format: "+strings.Join(formats, "|"))
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error|warning|info|none")
	fl.StringVar(&f.minSeverity, "min-severity", "info", "show only findings at or above this severity: error|warning|info")
	fl.StringArrayVarP(&f.policyDirs, "policy", "p", nil, "directory or file of your own Rego policies (repeatable)")
	fl.StringSliceVar(&f.disable, "disable", nil, "rule ids to switch off (repeatable, or comma-separated)")
	fl.StringSliceVar(&f.enable, "enable", nil, "rule ids to switch on: rules off by default, or back on after --disable or a config file (repeatable)")
	fl.StringVar(&f.profile, "profile", "", "rule set to run: default, strict (adds production-readiness checks) or all (every rule)")
	fl.BoolVar(&f.showSuppressed, "show-suppressed", false, "also list findings switched off by poddoctor.io/ignore annotations")
	fl.StringVar(&f.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always or never")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text output (the same as --color=never)")
	fl.BoolVar(&f.allowEmpty, "allow-empty", false, "exit 0 when the input holds nothing to check (no file, no object, everything excluded); by default that is exit 2")
	fl.StringVar(&f.configFile, "config", "", "config file (default: .poddoctor.yaml in the working directory or the nearest parent)")
	registerValueCompletions(cmd, formats)
}

// applyConfig reads the config file and merges it under the flags: a flag
// given on the command line wins, lists (disable, enable, policies) add up.
func (f *analysisFlags) applyConfig(cmd *cobra.Command) error {
	f.config = &config.Config{}
	path := f.configFile
	if path == "" {
		found, ok := config.Find(".")
		if !ok {
			return nil
		}
		path = found
	}
	cfg, err := config.Load(path)
	if err != nil {
		return err
	}
	f.config = cfg
	f.disable = append(append([]string{}, cfg.Disable...), f.disable...)
	f.enable = append(append([]string{}, cfg.Enable...), f.enable...)
	f.policyDirs = append(cfg.PolicyDirs(), f.policyDirs...)
	if cfg.Profile != "" && !cmd.Flags().Changed("profile") {
		f.profile = cfg.Profile
	}
	if cfg.FailOn != "" && !cmd.Flags().Changed("fail-on") {
		f.failOn = cfg.FailOn
	}
	if cfg.MinSeverity != "" && !cmd.Flags().Changed("min-severity") {
		f.minSeverity = cfg.MinSeverity
	}
	return nil
}

// validate checks the flag values that do not need the rule registry.
func (f *analysisFlags) validate(formats []string) error {
	if !slices.Contains(formats, f.output) {
		return fmt.Errorf("unknown output format %q: valid formats are %s", f.output, strings.Join(formats, ", "))
	}
	if _, err := policy.ParseProfile(f.profile); err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	if _, err := finding.ParseThreshold(f.failOn); err != nil {
		return fmt.Errorf("--fail-on: %w", err)
	}
	if _, err := finding.ParseSeverity(f.minSeverity); err != nil {
		return fmt.Errorf("--min-severity: %w", err)
	}
	return validateColorMode(f.color)
}

// disabled returns the rule ids to switch off: --disable less --enable.
func (f *analysisFlags) disabled() []string {
	var out []string
	for _, id := range f.disable {
		if !slices.Contains(f.enable, id) {
			out = append(out, id)
		}
	}
	return out
}

// loadPolicies reads every --policy directory.
func (f *analysisFlags) loadPolicies() ([]policy.Module, error) {
	var modules []policy.Module
	for _, dir := range f.policyDirs {
		m, err := policy.LoadDir(dir)
		if err != nil {
			return nil, err
		}
		modules = append(modules, m...)
	}
	return modules, nil
}

// checkRuleIDs makes a mistyped --disable or --enable an error rather than
// a silent no-op, with the nearest known id as a suggestion. Ids of either
// engine are accepted, so one flag set or config serves lint and diagnose.
func (f *analysisFlags) checkRuleIDs(ctx context.Context, userPolicies []policy.Module) error {
	cfg := f.config
	if len(f.disable) == 0 && len(f.enable) == 0 && (cfg == nil || len(cfg.Severity)+len(cfg.Params) == 0) {
		return nil
	}
	rules, err := allRules(userPolicies)
	if err != nil {
		return err
	}
	known := make([]string, 0, len(rules))
	for _, r := range rules {
		known = append(known, r.ID)
	}
	// The id of a rule split in two still names both (finding.ExpandRuleIDs).
	known = append(known, finding.SplitRuleIDs()...)
	for _, id := range append(slices.Clone(f.disable), f.enable...) {
		if slices.Contains(known, id) {
			continue
		}
		msg := fmt.Sprintf("unknown rule %q", id)
		if s := nearest(id, known); s != "" {
			msg += fmt.Sprintf(": did you mean %q?", s)
		}
		return fmt.Errorf("%s (poddoctor rules lists them all)", msg)
	}
	if cfg != nil {
		return cfg.CheckRuleIDs(known)
	}
	return nil
}

// nearest returns the candidate closest to word, if it is close enough to
// be a plausible typo (internal/didyoumean).
func nearest(word string, candidates []string) string {
	return didyoumean.Nearest(word, candidates)
}

// checkEmpty turns a run that read nothing into an error (exit 2), unless
// --allow-empty: `false | poddoctor lint -` must not pass a pipeline.
func (f *analysisFlags) checkEmpty(empty error) error {
	if empty == nil || f.allowEmpty {
		return nil
	}
	return fmt.Errorf("%w (give --allow-empty to accept an empty input)", empty)
}

// atOrAbove returns the findings of at least severity minimum: findings
// itself when none is below it (the report copies what it changes), and
// otherwise a copy without those below, so that the caller's slice is never
// changed.
func atOrAbove(findings []finding.Finding, minimum finding.Severity) []finding.Finding {
	below := func(x finding.Finding) bool { return x.Severity < minimum }
	if !slices.ContainsFunc(findings, below) {
		return findings
	}
	return slices.DeleteFunc(slices.Clone(findings), below)
}

// emit filters, renders and gates findings; it returns the exit code.
func (f *analysisFlags) emit(s streams, engine string, findings, suppressed []finding.Finding, rules []finding.Rule) error {
	minSeverity, _ := finding.ParseSeverity(f.minSeverity)
	failOn, _ := finding.ParseThreshold(f.failOn)
	if f.config != nil {
		findings = f.config.Apply(findings)
		suppressed = f.config.Apply(suppressed)
	}
	shown := atOrAbove(findings, minSeverity)
	suppressed = atOrAbove(suppressed, minSeverity)
	opts := report.Options{
		Color:          f.output == "text" && useColor(s.out, f.color, f.noColor, os.Getenv),
		ToolVersion:    version.Get().Version,
		Rules:          rules,
		Suppressed:     suppressed,
		ShowSuppressed: f.showSuppressed,
		Engine:         engine,
		Redactor:       redact.New(f.secrets...),
		OwnerPods:      f.ownerPods,
	}
	if err := report.Render(s.out, f.output, shown, opts); err != nil {
		return fmt.Errorf("write %s output: %w", f.output, err)
	}
	if finding.AtOrAbove(findings, failOn) {
		return exitError{ExitFindings}
	}
	return nil
}
