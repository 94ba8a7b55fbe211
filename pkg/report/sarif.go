package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// informationURI is where SARIF viewers send a reader who wants to know
// what poddoctor is.
const informationURI = "https://github.com/poddoctor/poddoctor"

// fingerprintKey names poddoctor's partial fingerprint in SARIF results.
// The "/v1" is the scheme's version: change it if identityKey changes, so
// code scanning starts new alerts instead of mismatching old ones.
const fingerprintKey = "poddoctorFinding/v1"

// SARIF writes a SARIF 2.1.0 log with one run of the "poddoctor" driver. Its
// rules are opts.Rules (plus a bare entry for any rule id a finding uses that
// opts.Rules lacks), sorted by id; security rules carry the
// security-severity that GitHub code scanning ranks alerts by. A finding
// with a file becomes a result with a physical location; every result also
// names its object as a logical location ("Pod/shop/web"), which is all a
// diagnose finding without a file has. Each result has a partial fingerprint
// that survives line moves, so code scanning keeps one alert per problem
// across runs. Suppressed findings appear only with ShowSuppressed, marked
// with a SARIF suppression so viewers hide them by default.
func SARIF(w io.Writer, findings []finding.Finding, opts Options) error {
	findings, opts = prepare(findings, opts, false)
	all := sorted(findings)
	var suppressed []finding.Finding
	if opts.ShowSuppressed {
		suppressed = sorted(opts.Suppressed)
	}
	rules := sarifRules(opts.Rules, slices.Concat(all, suppressed))
	index := make(map[string]int, len(rules))
	driver := sarifDriver{Name: "poddoctor", Version: opts.ToolVersion, InformationURI: informationURI}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}

	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	prints := fingerprints(slices.Concat(all, suppressed))
	for i, f := range all {
		run.Results = append(run.Results, sarifResultOf(f, index[f.Rule], prints[i]))
	}
	for i, f := range suppressed {
		result := sarifResultOf(f, index[f.Rule], prints[len(all)+i])
		result.Suppressions = []sarifSuppression{{Kind: "inSource"}}
		run.Results = append(run.Results, result)
	}

	log := sarifLog{Schema: sarifSchemaURI, Version: sarifVersion, Runs: []sarifRun{run}}
	// Encoded with SetEscapeHTML(false) so that "<" and "&" in messages stay
	// readable; Encode ends the output with a newline.
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

// sarifRuleOf turns rule metadata into a SARIF reporting descriptor.
func sarifRuleOf(r finding.Rule) sarifRule {
	rule := sarifRule{
		ID:                   r.ID,
		HelpURI:              r.DocURL,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
	}
	if r.Description != "" {
		rule.ShortDescription = &sarifText{Text: r.Description}
		rule.FullDescription = &sarifText{Text: r.Description}
	}
	if r.Remedy != "" {
		rule.Help = &sarifText{Text: r.Remedy}
	}
	var props sarifRuleProps
	for _, tag := range []string{r.Engine, r.Category} {
		if tag != "" {
			props.Tags = append(props.Tags, tag)
		}
	}
	if r.Category == "security" {
		// GitHub shows rules tagged "security" with a security-severity as
		// security alerts, ranked Critical (9+), High (7+), Medium (4+) or Low.
		props.Tags = append(props.Tags, "security")
		props.SecuritySeverity = securitySeverity(r.Severity)
	}
	if len(props.Tags) > 0 || props.SecuritySeverity != "" {
		props.Tags = slices.Compact(props.Tags)
		rule.Properties = &props
	}
	return rule
}

// securitySeverity maps a security rule's severity to the score GitHub ranks
// by: an error (a privileged container, a host namespace) is High, a warning
// Medium, info Low. None is Critical: a manifest finding is a weakness to
// fix, not a compromise in progress.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "8.0"
	case finding.Warning:
		return "5.5"
	}
	return "2.0"
}

// sarifResultOf turns one finding into a SARIF result pointing at rule
// number ruleIndex of the driver.
func sarifResultOf(f finding.Finding, ruleIndex int, fingerprint string) sarifResult {
	result := sarifResult{
		RuleID:              f.Rule,
		RuleIndex:           ruleIndex,
		Level:               sarifLevel(f.Severity),
		Message:             sarifText{Text: f.Message},
		PartialFingerprints: map[string]string{fingerprintKey: fingerprint},
	}

	var location sarifLocation
	if f.Location != nil && f.Location.File != "" {
		physical := &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(f.Location.File)}}
		if f.Location.Line > 0 {
			physical.Region = &sarifRegion{StartLine: f.Location.Line, StartColumn: f.Location.Column}
		}
		location.PhysicalLocation = physical
	}
	if f.Object.Kind != "" || f.Object.Name != "" {
		location.LogicalLocations = []sarifLogicalLocation{{
			Name:               f.Object.Name,
			FullyQualifiedName: qualifiedName(f.Object),
			Kind:               "object",
		}}
	}
	if location.PhysicalLocation != nil || location.LogicalLocations != nil {
		result.Locations = []sarifLocation{location}
	}
	// Related locations (the values.yaml line a chart's field came from)
	// are numbered so a message can refer to them.
	for i, r := range f.Related {
		related := sarifLocation{
			ID:               &i,
			PhysicalLocation: &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(r.File)}},
		}
		if r.Line > 0 {
			related.PhysicalLocation.Region = &sarifRegion{StartLine: r.Line, StartColumn: r.Column}
		}
		if r.Message != "" {
			related.Message = &sarifText{Text: r.Message}
		}
		result.RelatedLocations = append(result.RelatedLocations, related)
	}

	// What SARIF has no field for travels in the result's property bag.
	props := map[string]any{}
	if f.Owner != nil {
		props["owner"] = qualifiedName(*f.Owner)
	}
	if f.Container != "" {
		props["container"] = f.Container
	}
	if f.Path != "" {
		props["path"] = f.Path
	}
	if len(f.Evidence) > 0 {
		props["evidence"] = f.Evidence
	}
	if f.Remedy != "" {
		props["remedy"] = f.Remedy
	}
	if f.Fix != nil {
		props["fix"] = map[string]string{"path": f.Fix.Path, "value": f.Fix.Value}
		if e := f.Fix.Edit; e != nil {
			result.Fixes = []sarifFix{sarifFixOf(f.Fix.Path, f.Fix.Value, e)}
		}
	}
	if len(props) > 0 {
		result.Properties = props
	}
	return result
}

// sarifFixOf is a fix's text edit as SARIF writes it: one replacement
// within one line.
func sarifFixOf(path, value string, e *finding.TextEdit) sarifFix {
	return sarifFix{
		Description: sarifText{Text: fmt.Sprintf("Set %s to %s", path, strconv.Quote(value))},
		ArtifactChanges: []sarifArtifactChange{{
			ArtifactLocation: sarifArtifactLocation{URI: fileURI(e.File)},
			Replacements: []sarifReplacement{{
				DeletedRegion:   sarifRegion{StartLine: e.Line, StartColumn: e.Column, EndLine: e.Line, EndColumn: e.EndColumn},
				InsertedContent: sarifContentText{Text: e.Text},
			}},
		}},
	}
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

// fileURI turns a file path, as the user gave it, into a relative URI
// reference: forward slashes, and spaces and other reserved characters
// percent-encoded.
func fileURI(path string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	return u.String()
}
