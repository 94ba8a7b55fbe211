package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// informationURI is where SARIF viewers send a reader who wants to know
// what poddoctor is.
const informationURI = "https://github.com/poddoctor/poddoctor"

// SARIF writes a SARIF 2.1.0 log with one run of the "poddoctor" driver. Its
// rules are opts.Rules (plus a bare entry for any rule id a finding uses that
// opts.Rules lacks), sorted by id. A finding with a file becomes a result with
// a physical location; every result also names its object as a logical
// location ("Pod/shop/web"), which is all a diagnose finding without a file
// has. Suppressed findings appear only with ShowSuppressed, marked with a
// SARIF suppression so viewers hide them by default.
func SARIF(w io.Writer, findings []finding.Finding, opts Options) error {
	run := sarif.NewRunWithInformationURI("poddoctor", informationURI)
	if opts.ToolVersion != "" {
		run.Tool.Driver.WithVersion(opts.ToolVersion)
	}

	all := sorted(findings)
	var suppressed []finding.Finding
	if opts.ShowSuppressed {
		suppressed = sorted(opts.Suppressed)
	}
	for _, r := range sarifRules(opts.Rules, slices.Concat(all, suppressed)) {
		run.Tool.Driver.AddRule(sarifRule(r))
	}
	for _, f := range all {
		run.AddResult(sarifResult(run, f))
	}
	for _, f := range suppressed {
		run.AddResult(sarifResult(run, f).WithSuppressions([]*sarif.Suppression{
			sarif.NewSuppression().WithKind("inSource"),
		}))
	}

	log := sarif.NewReport()
	log.AddRun(run)
	// Encoded here rather than with log.PrettyWrite so that "<" and "&" in
	// messages stay readable, and so the output ends with a newline.
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifRules returns the rule metadata to publish, sorted by id: every known
// rule, and a bare rule for each id used by a finding but unknown, so every
// result can point at a rule by index.
func sarifRules(known []finding.Rule, findings []finding.Finding) []finding.Rule {
	rules := slices.Clone(known)
	ids := ruleIndex(known)
	for _, f := range findings {
		if _, ok := ids[f.Rule]; !ok {
			r := finding.Rule{ID: f.Rule, Severity: f.Severity}
			ids[f.Rule] = r
			rules = append(rules, r)
		}
	}
	slices.SortStableFunc(rules, func(a, b finding.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(rules, func(a, b finding.Rule) bool { return a.ID == b.ID })
}

// sarifRule turns rule metadata into a SARIF reporting descriptor.
func sarifRule(r finding.Rule) *sarif.ReportingDescriptor {
	rule := sarif.NewRule(r.ID).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity)))
	if r.Description != "" {
		rule.WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Description))
		rule.WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Description))
	}
	if r.Remedy != "" {
		rule.WithHelp(sarif.NewMultiformatMessageString().WithText(r.Remedy))
	}
	if r.DocURL != "" {
		rule.WithHelpURI(r.DocURL)
	}
	var tags []string
	for _, tag := range []string{r.Engine, r.Category} {
		if tag != "" {
			tags = append(tags, tag)
		}
	}
	if len(tags) > 0 {
		rule.WithProperties(sarif.NewPropertyBag().WithTags(tags))
	}
	return rule
}

// sarifResult turns one finding into a SARIF result of run.
func sarifResult(run *sarif.Run, f finding.Finding) *sarif.Result {
	result := sarif.NewRuleResult(f.Rule).
		WithRuleIndex(run.GetRuleIndex(f.Rule)).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(f.Message))

	location := sarif.NewLocation()
	if f.Location != nil && f.Location.File != "" {
		physical := sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewArtifactLocation().WithURI(fileURI(f.Location.File)))
		if f.Location.Line > 0 {
			region := sarif.NewRegion().WithStartLine(f.Location.Line)
			if f.Location.Column > 0 {
				region.WithStartColumn(f.Location.Column)
			}
			physical.WithRegion(region)
		}
		location.WithPhysicalLocation(physical)
	}
	if f.Object.Kind != "" || f.Object.Name != "" {
		location.WithLogicalLocations([]*sarif.LogicalLocation{
			sarif.NewLogicalLocation().
				WithKind("object").
				WithName(f.Object.Name).
				WithFullyQualifiedName(qualifiedName(f.Object)),
		})
	}
	result.WithLocations([]*sarif.Location{location})
	for i, r := range f.Related {
		physical := sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewArtifactLocation().WithURI(fileURI(r.File)))
		if r.Line > 0 {
			physical.WithRegion(sarif.NewRegion().WithStartLine(r.Line))
		}
		related := sarif.NewLocation().WithID(i).WithPhysicalLocation(physical)
		if r.Message != "" {
			related.WithMessage(sarif.NewTextMessage(r.Message))
		}
		result.AddRelatedLocation(related)
	}

	// What SARIF has no field for travels in the result's property bag.
	props := sarif.NewPropertyBag()
	if f.Owner != nil {
		props.Add("owner", qualifiedName(*f.Owner))
	}
	if f.Container != "" {
		props.Add("container", f.Container)
	}
	if f.Path != "" {
		props.Add("path", f.Path)
	}
	if len(f.Evidence) > 0 {
		props.Add("evidence", f.Evidence)
	}
	if f.Remedy != "" {
		props.Add("remedy", f.Remedy)
	}
	if f.Fix != nil {
		props.Add("fix", map[string]string{"path": f.Fix.Path, "value": f.Fix.Value})
	}
	if len(props.Properties) > 0 {
		result.WithProperties(props)
	}
	return result
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return sarif.LevelError
	case finding.Warning:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// fileURI turns a file path, as the user gave it, into a relative URI
// reference: forward slashes, and spaces and other reserved characters
// percent-encoded.
func fileURI(path string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	return u.String()
}
