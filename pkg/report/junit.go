package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// The JUnit XML elements that GitLab, Jenkins and most CI test viewers read.
type junitTestsuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Suites   []junitTestsuite `xml:"testsuite"`
}

type junitTestsuite struct {
	Name     string          `xml:"name,attr"`
	Tests    int             `xml:"tests,attr"`
	Failures int             `xml:"failures,attr"`
	Errors   int             `xml:"errors,attr"`
	Cases    []junitTestcase `xml:"testcase"`
}

type junitTestcase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitFailure `xml:"failure"`
	SystemOut *junitText    `xml:"system-out"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",cdata"`
}

type junitText struct {
	Body string `xml:",cdata"`
}

// JUnit writes JUnit XML: one <testsuite> per file (lint) or per namespace
// (diagnose), and in it one <testcase> per object with findings, named
// "Kind/name" with the file or namespace as classname. A test case fails when
// its object has a finding at warning or above. It carries a single <failure>
// because Jenkins and GitLab read only the first one: its message is
// "rule: message" for one finding or a count and the rule ids for several,
// and its body lists every such finding with location, remedy and evidence.
// Info findings (and, with ShowSuppressed, suppressed ones) go to
// <system-out>. With no test case at all, one passing test case stands for
// the run, so that CI tools that reject an empty report accept it.
func JUnit(w io.Writer, findings []finding.Finding, opts Options) error {
	findings, opts = prepare(findings, opts, true)
	engine, err := engineOf(findings, opts)
	if err != nil {
		return err
	}
	all := sorted(findings)
	var suppressed []finding.Finding
	if opts.ShowSuppressed {
		suppressed = sorted(opts.Suppressed)
	}

	doc := junitTestsuites{Name: "poddoctor " + engine}
	for _, s := range junitSuites(engine, all, suppressed) {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	if doc.Tests == 0 {
		doc.Tests = 1
		doc.Suites = []junitTestsuite{{
			Name:  "poddoctor",
			Tests: 1,
			Cases: []junitTestcase{{Classname: "poddoctor", Name: engine}},
		}}
	}

	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header+string(out)+"\n"); err != nil {
		return fmt.Errorf("write junit report: %w", err)
	}
	return nil
}

// junitCase collects the findings of one object before it becomes a test case.
type junitCase struct {
	classname  string
	object     finding.ObjectRef
	failing    []finding.Finding
	infos      []finding.Finding
	suppressed []finding.Finding
}

// junitSuites groups findings into suites and test cases in order of first
// appearance, so sorted input gives sorted output.
func junitSuites(engine string, findings, suppressed []finding.Finding) []junitTestsuite {
	var suiteNames []string
	casesOf := map[string][]*junitCase{}
	caseOf := map[string]*junitCase{}

	add := func(f finding.Finding, isSuppressed bool) {
		suite := junitSuiteName(engine, f)
		key := suite + "\x00" + f.Object.String()
		c, ok := caseOf[key]
		if !ok {
			if _, seen := casesOf[suite]; !seen {
				suiteNames = append(suiteNames, suite)
			}
			c = &junitCase{classname: suite, object: f.Object}
			caseOf[key] = c
			casesOf[suite] = append(casesOf[suite], c)
		}
		switch {
		case isSuppressed:
			c.suppressed = append(c.suppressed, f)
		case f.Severity >= finding.Warning:
			c.failing = append(c.failing, f)
		default:
			c.infos = append(c.infos, f)
		}
	}
	for _, f := range findings {
		add(f, false)
	}
	for _, f := range suppressed {
		add(f, true)
	}

	var suites []junitTestsuite
	for _, name := range suiteNames {
		suite := junitTestsuite{Name: name}
		for _, c := range casesOf[name] {
			tc := junitTestcase{Classname: c.classname, Name: objectName(c.object)}
			if len(c.failing) > 0 {
				tc.Failure = junitFailureOf(c.failing)
				suite.Failures++
			}
			var out []string
			for _, f := range c.infos {
				out = append(out, junitDetail(f))
			}
			for _, f := range c.suppressed {
				out = append(out, "suppressed: "+junitDetail(f))
			}
			if len(out) > 0 {
				tc.SystemOut = &junitText{Body: xmlSafe(strings.Join(out, "\n"))}
			}
			suite.Tests++
			suite.Cases = append(suite.Cases, tc)
		}
		suites = append(suites, suite)
	}
	return suites
}

// junitSuiteName is the file of a lint finding or the namespace of a
// diagnose finding.
func junitSuiteName(engine string, f finding.Finding) string {
	if engine == EngineLint {
		if f.Location == nil || f.Location.File == "" {
			return noFile
		}
		return f.Location.File
	}
	if f.Object.Namespace == "" {
		return "(cluster)"
	}
	return f.Object.Namespace
}

// junitFailureOf builds the one failure of a test case from its failing findings.
func junitFailureOf(failing []finding.Finding) *junitFailure {
	var rules, details []string
	for _, f := range failing {
		if !slices.Contains(rules, f.Rule) {
			rules = append(rules, f.Rule)
		}
		details = append(details, junitDetail(f))
	}
	message := failing[0].Rule + ": " + failing[0].Message
	if len(failing) > 1 {
		message = fmt.Sprintf("%s: %s", plural(len(failing), "problem"), strings.Join(rules, ", "))
	}
	return &junitFailure{
		Message: message,
		Type:    strings.Join(rules, ","),
		Body:    xmlSafe(strings.Join(details, "\n")),
	}
}

// junitDetail renders one finding as the plain-text paragraph of a failure
// body or of system-out.
func junitDetail(f finding.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", f.Severity, f.Rule)
	if f.Location != nil && f.Location.File != "" {
		b.WriteString(" at " + f.Location.String())
	}
	if f.Container != "" {
		b.WriteString(" in container " + f.Container)
	}
	if f.Path != "" {
		b.WriteString(" (" + f.Path + ")")
	}
	b.WriteString("\n" + f.Message + "\n")
	if len(f.Evidence) > 0 {
		b.WriteString("Evidence:\n")
		for _, line := range f.Evidence {
			b.WriteString("  " + line + "\n")
		}
	}
	if f.Remedy != "" {
		b.WriteString("Remedy: " + f.Remedy + "\n")
	}
	if f.Fix != nil {
		fmt.Fprintf(&b, "Fix: set %s to %q\n", f.Fix.Path, f.Fix.Value)
	}
	return b.String()
}

// xmlSafe replaces what XML 1.0 cannot carry (control characters from a log
// tail, invalid UTF-8) with U+FFFD. encoding/xml does this for attributes but
// not for CDATA sections.
func xmlSafe(s string) string {
	var b strings.Builder
	for _, r := range s { // invalid UTF-8 arrives here as U+FFFD already
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			b.WriteRune(r)
		default:
			b.WriteRune('\uFFFD')
		}
	}
	return b.String()
}
