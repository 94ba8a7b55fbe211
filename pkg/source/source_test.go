package source

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func newLinter(t *testing.T) *lint.Linter {
	t.Helper()
	l, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// lintChart renders and lints a chart as poddoctor lint CHART does.
func lintChart(t *testing.T, dir string, opts HelmOptions) ([]finding.Finding, *Chart) {
	t.Helper()
	ch, err := RenderChart(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []lint.Input
	for _, f := range ch.Files {
		inputs = append(inputs, lint.Input{Name: f.Name, Data: f.Data})
	}
	res := newLinter(t).LintInputs(context.Background(), inputs)
	ch.Remap(res.Findings)
	return res.Findings, ch
}

// describe writes findings one a line: location, rule, object, path and
// the related locations, for golden files.
func describe(findings []finding.Finding) string {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "%s  %s  %s  %s\n", f.Location, f.Rule, f.Object, f.Path)
		for _, r := range f.Related {
			fmt.Fprintf(&b, "    related %s  %s\n", r.Location.String(), r.Message)
		}
	}
	return b.String()
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", file, diff)
	}
}

// TestChartFindingsAtTemplateLines is the golden test of the mapping on a
// chart with a subchart, helpers, with/toYaml of values, range over
// containers and a values file given with -f.
func TestChartFindingsAtTemplateLines(t *testing.T) {
	cases := map[string]HelmOptions{
		"default": {},
		"values":  {ValuesFiles: []string{"testdata/charts/shop-prod-values.yaml"}, ReleaseName: "prod", Namespace: "shop"},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			findings, _ := lintChart(t, "testdata/charts/shop", opts)
			if len(findings) == 0 {
				t.Fatal("no findings on a chart written to have some")
			}
			for _, f := range findings {
				if f.Location == nil || !strings.HasPrefix(f.Location.File, "testdata/charts/shop/") || f.Location.Line == 0 {
					t.Errorf("finding %s on %s is not at a template line: %+v", f.Rule, f.Object, f.Location)
				}
			}
			checkGolden(t, filepath.Join("testdata", "charts", "shop."+name+".golden"), describe(findings))
		})
	}
}

// TestChartLinesHoldTheField checks, finding by finding, that the template
// line a finding points at writes the field: its text holds the last key
// of the finding's path that the template writes, or the action that
// writes it.
func TestChartLinesHoldTheField(t *testing.T) {
	findings, _ := lintChart(t, "testdata/charts/shop", HelmOptions{})
	for _, f := range findings {
		text, err := os.ReadFile(f.Location.File)
		if err != nil {
			t.Fatal(err)
		}
		line := strings.Split(string(text), "\n")[f.Location.Line-1]
		if !LineHoldsField(line, f.Path) {
			t.Errorf("%s %s at %s: line %q does not write %s", f.Rule, f.Object, f.Location, line, f.Path)
		}
		// A list item from values, after a literal item of another name,
		// is at the action that writes it, not in the literal item.
		if f.Rule == "host-path-volume" && (!strings.Contains(line, "toYaml") || len(f.Related) != 1 || f.Related[0].Line != 23) {
			t.Errorf("host-path-volume at %s %q, related %+v; want the toYaml line and values.yaml:23 (extraVolumes)", f.Location, line, f.Related)
		}
	}
}

// TestChartFindingsEqualRenderedOutput: linting a chart finds what linting
// helm's own render of it (helm template, through the SDK's install
// action, client-only) finds, location aside.
func TestChartFindingsEqualRenderedOutput(t *testing.T) {
	for _, opts := range []HelmOptions{{}, {ValuesFiles: []string{"testdata/charts/shop-prod-values.yaml"}, ReleaseName: "prod", Namespace: "shop", KubeVersion: "1.31"}} {
		ours, _ := lintChart(t, "testdata/charts/shop", opts)
		manifest := helmTemplate(t, "testdata/charts/shop", opts)
		theirs := newLinter(t).LintInputs(context.Background(), []lint.Input{{Name: "rendered.yaml", Data: []byte(manifest)}}).Findings
		if diff := cmp.Diff(identities(theirs), identities(ours)); diff != "" {
			t.Errorf("findings differ from those on helm's render (-helm +poddoctor):\n%s", diff)
		}
	}
}

// identities are findings without their locations, sorted.
func identities(findings []finding.Finding) []string {
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("%s %s %s %s %s", f.Rule, f.Object, f.Container, f.Path, f.Message))
	}
	slices.Sort(out)
	return out
}

func TestMissingDependencyNamesItAndTheCommand(t *testing.T) {
	_, err := RenderChart("testdata/charts/nodeps", HelmOptions{})
	if !errors.Is(err, ErrMissingDependency) {
		t.Fatalf("err = %v, want ErrMissingDependency", err)
	}
	for _, want := range []string{"postgresql", "helm dependency build"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestTemplateErrorAtTemplateLine(t *testing.T) {
	ch, err := RenderChart("testdata/charts/broken", HelmOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []TemplateError{{File: "testdata/charts/broken/templates/service.yaml", Line: 7, Column: 15, Message: "service.port is required"}}
	if diff := cmp.Diff(want, ch.TemplateErrors); diff != "" {
		t.Errorf("template errors (-want +got):\n%s", diff)
	}
	ch, err = RenderChart("testdata/charts/broken", HelmOptions{Set: []string{"service.port=80"}})
	if err != nil || len(ch.TemplateErrors) != 0 || len(ch.Files) != 1 {
		t.Errorf("with the value set: %v, %+v", err, ch)
	}
}

func TestParseTemplateError(t *testing.T) {
	cases := map[string]TemplateError{
		// helm v4.3 engine.go reformatExecErrorMsg
		"shop/templates/deployment.yaml:33:19\n  executing \"shop/templates/deployment.yaml\" at <.name>:\n    nil pointer evaluating interface {}.name": {File: "shop/templates/deployment.yaml", Line: 33, Column: 19, Message: `executing "shop/templates/deployment.yaml" at <.name>: nil pointer evaluating interface {}.name`},
		// text/template parse error as helm wraps it
		`parse error at (shop/templates/x.yaml:7): unexpected "}" in operand`:                                        {File: "shop/templates/x.yaml", Line: 7, Message: `unexpected "}" in operand`},
		`template: shop/templates/x.yaml:3:9: executing "shop/templates/x.yaml" at <fail>: error calling fail: nope`: {File: "shop/templates/x.yaml", Line: 3, Column: 9, Message: `executing "shop/templates/x.yaml" at <fail>: error calling fail: nope`},
		"something else": {Message: "something else"},
	}
	for in, want := range cases {
		if got := parseTemplateError(errors.New(in)); got != want {
			t.Errorf("parseTemplateError(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// TestPipedOutputNamesTemplates: helm template output on standard input
// names each finding's template from its # Source: comment, and maps it to
// the template line when the chart is in the working directory.
func TestPipedOutputNamesTemplates(t *testing.T) {
	stream := helmTemplate(t, "testdata/charts/shop", HelmOptions{})
	piped, ok := ParsePiped("<stdin>", []byte(stream))
	if !ok {
		t.Fatal("no # Source: comments found in helm template output")
	}
	res := newLinter(t).LintInputs(context.Background(), []lint.Input{{Name: "-", Data: []byte(stream)}})
	piped.Remap(res.Findings)
	for _, f := range res.Findings {
		if !strings.HasPrefix(f.Location.File, "shop/") {
			t.Errorf("%s %s: file %q, want the template's", f.Rule, f.Object, f.Location.File)
		}
		if f.Location.Line != 0 {
			t.Errorf("%s %s: line %d of a template not on disk", f.Rule, f.Object, f.Location.Line)
		}
		if len(f.Related) == 0 || f.Related[len(f.Related)-1].File != "<stdin>" {
			t.Errorf("%s %s: the stream position is not related: %+v", f.Rule, f.Object, f.Related)
		}
	}

	// From the directory that holds the chart, the lines are the template's.
	t.Chdir("testdata/charts")
	piped, _ = ParsePiped("<stdin>", []byte(strings.ReplaceAll(stream, "# Source: shop/", "# Source: shop/")))
	res = newLinter(t).LintInputs(context.Background(), []lint.Input{{Name: "-", Data: []byte(stream)}})
	piped.Remap(res.Findings)
	direct, _ := lintChart(t, "shop", HelmOptions{})
	if diff := cmp.Diff(locations(direct), locations(res.Findings)); diff != "" {
		t.Errorf("piped locations differ from the chart's (-chart +piped):\n%s", diff)
	}
}

func locations(findings []finding.Finding) []string {
	var out []string
	for _, f := range findings {
		out = append(out, fmt.Sprintf("%s %s %s %s", f.Location, f.Rule, f.Object, f.Path))
	}
	slices.Sort(out)
	return out
}

// TestNameAgreement: a list item's name as written in a template, literal
// or templated, against the name a rendered item has.
func TestNameAgreement(t *testing.T) {
	cases := []struct {
		written, rendered string
		want              int
	}{
		{"web", "web", 8},
		{"web", "sidecar", -8},
		{"{{ .Chart.Name }}", "alertmanager", 1},
		// alertmanager v1.x statefulset.yaml: the config reloader, written
		// before the main container under {{ if }}, is not "alertmanager".
		{"{{ .Chart.Name }}-{{ .Values.configmapReload.name }}", "alertmanager", -8},
		{"{{ .Chart.Name }}-{{ .Values.configmapReload.name }}", "alertmanager-config-reloader", 1},
		{"", "web", 0},
		{"web", "", 0},
	}
	for _, c := range cases {
		if got := nameAgreement(c.written, c.rendered); got != c.want {
			t.Errorf("nameAgreement(%q, %q) = %d, want %d", c.written, c.rendered, got, c.want)
		}
	}
}
