package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCase is one fixture set rendered in every format (or only in the
// formats listed).
type goldenCase struct {
	name     string
	findings []finding.Finding
	opts     Options
	formats  []string // nil: every format
}

func goldenCases() []goldenCase {
	lintShow := lintOptions()
	lintShow.ShowSuppressed = true
	lintColor := lintOptions()
	lintColor.Color = true
	diagnoseColor := diagnoseOptions()
	diagnoseColor.Color = true
	return []goldenCase{
		{name: "lint", findings: lintFixture(), opts: lintOptions()},
		{name: "lint-show-suppressed", findings: lintFixture(), opts: lintShow},
		{name: "lint-color", findings: lintFixture(), opts: lintColor, formats: []string{"text"}},
		{name: "diagnose", findings: diagnoseFixture(), opts: diagnoseOptions()},
		{name: "diagnose-color", findings: diagnoseFixture(), opts: diagnoseColor, formats: []string{"text"}},
		{name: "empty", findings: nil, opts: Options{ToolVersion: "0.4.0", Engine: EngineLint}},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		formats := tc.formats
		if formats == nil {
			formats = Formats()
		}
		for _, format := range formats {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				got := render(t, format, tc.findings, tc.opts)
				if again := render(t, format, tc.findings, tc.opts); !bytes.Equal(got, again) {
					t.Fatalf("two renders of the same input differ:\n%s", cmp.Diff(string(got), string(again)))
				}
				compareGolden(t, filepath.Join("testdata", tc.name+"."+format+".golden"), got)
			})
		}
	}
}

func render(t *testing.T, format string, findings []finding.Finding, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, format, findings, opts); err != nil {
		t.Fatalf("Render(%s): %v", format, err)
	}
	return buf.Bytes()
}

// compareGolden compares got with the golden file byte for byte, or rewrites
// the file with -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./pkg/report/ -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (-want +got):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	err := Render(&bytes.Buffer{}, "yaml", lintFixture(), lintOptions())
	if err == nil {
		t.Fatal("Render(yaml) succeeded, want an error")
	}
	for _, format := range Formats() {
		if !strings.Contains(err.Error(), format) {
			t.Errorf("error %q does not list format %q", err, format)
		}
	}
}

func TestUnknownEngine(t *testing.T) {
	opts := lintOptions()
	opts.Engine = "audit"
	for _, format := range []string{"text", "junit"} {
		if err := Render(&bytes.Buffer{}, format, lintFixture(), opts); err == nil || !strings.Contains(err.Error(), "audit") {
			t.Errorf("Render(%s) with engine audit: err = %v, want an error naming the engine", format, err)
		}
	}
}

func TestEngineInferred(t *testing.T) {
	for _, tc := range []struct {
		findings []finding.Finding
		want     string
	}{
		{lintFixture(), EngineLint},
		{diagnoseFixture(), EngineDiagnose},
		{nil, EngineLint},
	} {
		got, err := engineOf(tc.findings, Options{})
		if err != nil || got != tc.want {
			t.Errorf("engineOf(%d findings) = %q, %v; want %q", len(tc.findings), got, err, tc.want)
		}
	}
}

func TestRenderersDoNotMutateInput(t *testing.T) {
	for _, tc := range goldenCases() {
		findings := tc.findings
		suppressed := tc.opts.Suppressed
		wantFindings := cloneFindings(findings)
		wantSuppressed := cloneFindings(suppressed)
		for _, format := range Formats() {
			render(t, format, findings, tc.opts)
			if diff := cmp.Diff(wantFindings, findings); diff != "" {
				t.Errorf("%s/%s changed the findings (-before +after):\n%s", tc.name, format, diff)
			}
			if diff := cmp.Diff(wantSuppressed, suppressed); diff != "" {
				t.Errorf("%s/%s changed the suppressed findings (-before +after):\n%s", tc.name, format, diff)
			}
		}
	}
}

// cloneFindings deep-copies findings through JSON, so a renderer that wrote
// through a pointer would be caught too.
func cloneFindings(findings []finding.Finding) []finding.Finding {
	if findings == nil {
		return nil
	}
	b, err := json.Marshal(findings)
	if err != nil {
		panic(err)
	}
	var out []finding.Finding
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func TestEmptyFindingsGiveValidOutput(t *testing.T) {
	for _, engine := range []string{EngineLint, EngineDiagnose} {
		opts := Options{Engine: engine}
		for _, findings := range [][]finding.Finding{nil, {}} {
			if got := string(render(t, "text", findings, opts)); got != "No problems found.\n" {
				t.Errorf("%s text = %q, want %q", engine, got, "No problems found.\n")
			}

			var doc struct {
				Findings []finding.Finding `json:"findings"`
				Summary  map[string]int    `json:"summary"`
			}
			out := render(t, "json", findings, opts)
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("%s json: %v\n%s", engine, err, out)
			}
			if doc.Findings == nil || len(doc.Findings) != 0 || !bytes.Contains(out, []byte(`"findings": []`)) {
				t.Errorf("%s json: findings is not an empty list:\n%s", engine, out)
			}
			if doc.Summary["total"] != 0 {
				t.Errorf("%s json: summary %v, want zero counts", engine, doc.Summary)
			}

			validateSARIF(t, render(t, "sarif", findings, opts))

			suites := parseJUnit(t, render(t, "junit", findings, opts))
			if suites.Tests != 1 || suites.Failures != 0 {
				t.Errorf("%s junit: tests=%d failures=%d, want one passing test", engine, suites.Tests, suites.Failures)
			}

			if got := render(t, "github", findings, opts); len(got) != 0 {
				t.Errorf("%s github: %q, want no output", engine, got)
			}
		}
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			validateSARIF(t, render(t, "sarif", tc.findings, tc.opts))
		})
	}
}

// validateSARIF checks a SARIF log against the official SARIF 2.1.0 JSON
// schema (testdata/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec).
func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("sarif output is not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("sarif output does not match the SARIF 2.1.0 schema: %v", err)
	}
}

func TestSARIFResults(t *testing.T) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name    string `json:"name"`
					Version string `json:"version"`
					Rules   []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
						Kind               string `json:"kind"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				Suppressions []json.RawMessage `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	out := render(t, "sarif", lintFixture(), lintOptions())
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "poddoctor" || run.Tool.Driver.Version != "0.4.0" {
		t.Errorf("driver = %q %q", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	for _, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s has ruleIndex %d, which does not name its rule", r.RuleID, r.RuleIndex)
		}
		if r.RuleID == "invalid-manifest" && r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "jobs/nightly%20backup.yaml" {
			t.Errorf("uri = %q, want the path with its space escaped", r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
	}

	out = render(t, "sarif", diagnoseFixture(), diagnoseOptions())
	log.Runs = nil
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	first := log.Runs[0].Results[0]
	if loc := first.Locations[0]; loc.PhysicalLocation != nil || len(loc.LogicalLocations) != 1 ||
		loc.LogicalLocations[0].Kind != "object" || !strings.HasPrefix(loc.LogicalLocations[0].FullyQualifiedName, "Node/") {
		t.Errorf("first diagnose result location = %+v, want only the logical location Node/worker-2", loc)
	}
}

// parseJUnit reads a JUnit report back and checks that its counts add up.
func parseJUnit(t *testing.T, out []byte) junitTestsuites {
	t.Helper()
	var suites junitTestsuites
	if err := xml.Unmarshal(out, &suites); err != nil {
		t.Fatalf("junit output is not XML: %v\n%s", err, out)
	}
	tests, failures := 0, 0
	for _, s := range suites.Suites {
		caseFailures := 0
		for _, c := range s.Cases {
			if c.Failure != nil {
				caseFailures++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != caseFailures {
			t.Errorf("suite %s says tests=%d failures=%d, has %d cases and %d failures",
				s.Name, s.Tests, s.Failures, len(s.Cases), caseFailures)
		}
		tests += s.Tests
		failures += s.Failures
	}
	if suites.Tests != tests || suites.Failures != failures {
		t.Errorf("testsuites says tests=%d failures=%d, suites add up to %d and %d",
			suites.Tests, suites.Failures, tests, failures)
	}
	return suites
}

func TestJUnitCounts(t *testing.T) {
	for _, tc := range []struct {
		name            string
		findings        []finding.Finding
		opts            Options
		suites          []string
		tests, failures int
	}{
		// Objects: Deployment web (2 failing, 1 info), StatefulSet db,
		// Service db, the unparsed document: 4 tests, all failing.
		{"lint", lintFixture(), lintOptions(), []string{"deploy/db.yaml", "deploy/web.yaml", "jobs/nightly backup.yaml"}, 4, 4},
		// Pods: 3 web, 2 api, db-0, db-1, debug-shell, cleanup (info only), and the node.
		{"diagnose", diagnoseFixture(), diagnoseOptions(), []string{"(cluster)", "ops", "shop"}, 10, 9},
	} {
		suites := parseJUnit(t, render(t, "junit", tc.findings, tc.opts))
		var names []string
		for _, s := range suites.Suites {
			names = append(names, s.Name)
		}
		if diff := cmp.Diff(tc.suites, names); diff != "" {
			t.Errorf("%s: suites (-want +got):\n%s", tc.name, diff)
		}
		if suites.Tests != tc.tests || suites.Failures != tc.failures {
			t.Errorf("%s: tests=%d failures=%d, want %d and %d", tc.name, suites.Tests, suites.Failures, tc.tests, tc.failures)
		}
	}
}

func TestXMLSafe(t *testing.T) {
	in := "ok\tline\n\x1b[31mred\x1b[0m \xff end \U0001F600"
	want := "ok\tline\n\uFFFD[31mred\uFFFD[0m \uFFFD end \U0001F600"
	if got := xmlSafe(in); got != want {
		t.Errorf("xmlSafe(%q) = %q, want %q", in, got, want)
	}
	f := finding.Finding{Rule: "crash-loop", Severity: finding.Error, Object: finding.ObjectRef{Kind: "Pod", Namespace: "a", Name: "b"},
		Message: "exit 1", Evidence: []string{"| \x1b[1mpanic\x1b[0m: ]]> boom"}}
	parseJUnit(t, render(t, "junit", []finding.Finding{f}, Options{Engine: EngineDiagnose}))
}

func TestGitHubEscaping(t *testing.T) {
	f := finding.Finding{
		Rule:     "odd",
		Severity: finding.Warning,
		Location: &finding.Location{File: "a,b:c%.yaml", Line: 3, Column: 1},
		// A Windows line end is one line end; a lone CR is escaped
		// before the workflow command's own escaping.
		Message: "100% broken\r\nsecond line",
	}
	opts := Options{Rules: []finding.Rule{{ID: "odd", Description: "Title: with, punctuation"}}}
	got := string(render(t, "github", []finding.Finding{f}, opts))
	want := "::warning file=a%2Cb%3Ac%25.yaml,line=3,col=1,title=odd%3A Title%3A with%2C punctuation::100%25 broken%0Asecond line\n"
	if got != want {
		t.Errorf("github =\n%q\nwant\n%q", got, want)
	}
}

func TestCollapseNeedsSameMessage(t *testing.T) {
	owner := &finding.ObjectRef{Kind: "Deployment", Namespace: "ns", Name: "app"}
	pod := func(name, msg string) finding.Finding {
		return finding.Finding{Rule: "crash-loop", Severity: finding.Error, Owner: owner,
			Object: finding.ObjectRef{Kind: "Pod", Namespace: "ns", Name: name}, Message: msg}
	}
	blocks := diagnoseBlocks(sorted([]finding.Finding{
		pod("app-1", "pod app-1 exited with code 1"),
		pod("app-2", "pod app-2 exited with code 1"),
		pod("app-3", "pod app-3 exited with code 137"),
	}))
	if len(blocks) != 2 || len(blocks[0].findings) != 2 || len(blocks[1].findings) != 1 {
		t.Errorf("got %d blocks, want app-1 and app-2 together and app-3 alone", len(blocks))
	}
}

func TestTextSummaryLine(t *testing.T) {
	stdin := finding.Finding{Rule: "invalid-manifest", Severity: finding.Error, Message: "not YAML"}
	for _, tc := range []struct {
		name     string
		findings []finding.Finding
		opts     Options
		want     string
	}{
		{"no file", []finding.Finding{stdin}, Options{Engine: EngineLint}, "1 problem (1 error, 0 warnings, 0 info)\n"},
		{"only suppressed", nil, Options{Engine: EngineLint, Suppressed: []finding.Finding{stdin}},
			"No problems found; 1 suppressed, show with --show-suppressed.\n"},
		{"pods", diagnoseFixture()[:1], Options{Engine: EngineDiagnose}, "1 problem (1 error, 0 warnings, 0 info) in 1 pod\n"},
	} {
		out := string(render(t, "text", tc.findings, tc.opts))
		lines := strings.SplitAfter(out, "\n")
		if got := lines[len(lines)-2]; got != tc.want {
			t.Errorf("%s: summary line = %q, want %q", tc.name, got, tc.want)
		}
	}
}
