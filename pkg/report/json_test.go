package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestJSONMatchesEncoder checks that JSON, which encodes findings in
// parallel chunks, writes exactly what json.Encoder writes for the whole
// document: for no findings, fewer than a chunk, and several chunks, with
// and without the suppressed list.
func TestJSONMatchesEncoder(t *testing.T) {
	many := func(n int) []finding.Finding {
		base := append(lintFixture(), diagnoseFixture()...)
		out := make([]finding.Finding, 0, n)
		for i := 0; len(out) < n; i++ {
			f := base[i%len(base)]
			f.Message = fmt.Sprintf("%s <%d> && \"quoted\" é", f.Message, i)
			out = append(out, f)
		}
		return out
	}
	tests := []struct {
		name                 string
		findings, suppressed []finding.Finding
		show                 bool
	}{
		{name: "none"},
		{name: "none, suppressed shown", show: true},
		{name: "fixture", findings: lintFixture(), suppressed: lintSuppressedFixture(), show: true},
		{name: "one chunk and a bit", findings: many(300)},
		{name: "many chunks", findings: many(2000), suppressed: many(700), show: true},
		{name: "suppressed not shown", findings: many(10), suppressed: many(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Suppressed: tt.suppressed, ShowSuppressed: tt.show, Engine: EngineLint}
			var got bytes.Buffer
			if err := JSON(&got, tt.findings, opts); err != nil {
				t.Fatal(err)
			}
			want := encodeWhole(t, tt.findings, opts)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("JSON output differs from json.Encoder's\n got: %.400s\nwant: %.400s", got.String(), want)
			}
		})
	}
}

// encodeWhole is how JSON wrote its document before it encoded in chunks:
// json.Encoder over the whole document.
func encodeWhole(t *testing.T, findings []finding.Finding, opts Options) []byte {
	t.Helper()
	s := summarize(findings, opts)
	doc := jsonDocument{
		Findings: sorted(findings),
		Summary:  jsonSummary{Total: s.Total, Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Suppressed: s.Suppressed},
	}
	if doc.Findings == nil {
		doc.Findings = []finding.Finding{}
	}
	if opts.ShowSuppressed {
		doc.Suppressed = sorted(opts.Suppressed)
		if doc.Suppressed == nil {
			doc.Suppressed = []finding.Finding{}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// BenchmarkJSON renders 30,000 findings, what a 10,000-object lint has.
func BenchmarkJSON(b *testing.B) {
	base := append(lintFixture(), diagnoseFixture()...)
	findings := make([]finding.Finding, 30000)
	for i := range findings {
		findings[i] = base[i%len(base)]
		findings[i].Message = fmt.Sprintf("%s (%d)", findings[i].Message, i)
	}
	finding.Sort(findings)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, findings, Options{Engine: EngineLint}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAppendJSONStringMatchesEncoder compares the string quoting of
// appendFinding with encoding/json's, HTML escaping off, on the texts
// where they could part: quotes, backslashes, every control character,
// HTML characters, invalid UTF-8, U+2028 and U+2029, DEL and non-ASCII.
func TestAppendJSONStringMatchesEncoder(t *testing.T) {
	texts := []string{"", "plain", `a "quoted" \ back`, "<none> && 'x' > y", "é ü 日本", "\x7f", "bad \xff\xfe utf8", "\u2028\u2029", "tab\tnl\ncr\r"}
	for c := range 0x20 {
		texts = append(texts, "c"+string(rune(c))+"c")
	}
	for _, s := range texts {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got)+"\n" != want.String() {
			t.Errorf("appendJSONString(%q) = %s, encoding/json writes %s", s, got, want.String())
		}
	}
}

// TestAppendFindingKnowsEveryField fails when finding.Finding (or a type it
// holds) gains a JSON field that appendFinding does not write: a finding
// with every field set must encode as encoding/json encodes it.
func TestAppendFindingKnowsEveryField(t *testing.T) {
	ref := finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "shop", Name: "web", UID: "u-1"}
	f := finding.Finding{
		Rule: "latest-tag", Severity: finding.Error, Object: ref, Owner: &ref, Container: "app",
		Location: &finding.Location{File: "a.yaml", Line: 3, Column: 5}, Path: "spec.x", Message: "m",
		Evidence: []string{"e1", "e2"}, Remedy: "r",
		Fix:     &finding.Fix{Path: "p", Value: "v", Edit: &finding.TextEdit{File: "a.yaml", Line: 3, Column: 12, EndColumn: 14, Text: "v"}},
		Related: []finding.RelatedLocation{{Location: finding.Location{File: "values.yaml", Line: 4, Column: 2}, Message: "value image.tag set here"}},
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[finding.Finding](), reflect.TypeFor[finding.ObjectRef](), reflect.TypeFor[finding.Location](), reflect.TypeFor[finding.Fix](), reflect.TypeFor[finding.TextEdit]()} {
		set := reflect.ValueOf(f)
		switch typ {
		case reflect.TypeFor[finding.ObjectRef]():
			set = reflect.ValueOf(ref)
		case reflect.TypeFor[finding.Location]():
			set = reflect.ValueOf(*f.Location)
		case reflect.TypeFor[finding.Fix]():
			set = reflect.ValueOf(*f.Fix)
		case reflect.TypeFor[finding.TextEdit]():
			set = reflect.ValueOf(*f.Fix.Edit)
		}
		for i := range typ.NumField() {
			if set.Field(i).IsZero() {
				t.Errorf("the test sets no value for %s.%s: set one, and write it in appendFinding", typ.Name(), typ.Field(i).Name)
			}
		}
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("    ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		t.Fatal(err)
	}
	if got := appendFinding(nil, &f, "    "); string(got)+"\n" != want.String() {
		t.Errorf("appendFinding:\n%s\nencoding/json:\n%s", got, want.String())
	}
}
