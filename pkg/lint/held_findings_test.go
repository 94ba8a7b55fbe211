package lint

import (
	"reflect"
	"testing"

	"github.com/poddoctor/poddoctor/pkg/finding"
)

// TestHeldFindingsRoundTrip: what a run holds of its findings decodes to
// exactly the findings, every optional part present or absent, negative
// and large numbers, strings with any bytes.
func TestHeldFindingsRoundTrip(t *testing.T) {
	full := finding.Finding{
		Rule:      "image-tag",
		Severity:  finding.Error,
		Object:    finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "team-00", Name: "web", UID: "0f1e"},
		Owner:     &finding.ObjectRef{APIVersion: "argoproj.io/v1alpha1", Kind: "Application", Namespace: "argocd", Name: "shop\x00\xff", UID: "9a8b"},
		Container: "app",
		Location:  &finding.Location{File: "apps.yaml", Line: 1 << 40, Column: -3},
		Path:      "spec.template.spec.containers[0].image",
		Message:   "image \"nginx\" has no tag — ünïcode",
		Evidence:  []string{"first", "", "suppressed: reviewed"},
		Remedy:    "Pin the image.",
		Fix: &finding.Fix{Path: "spec.replicas", Value: "2", Edit: &finding.TextEdit{
			File: "apps.yaml", Line: 12, Column: 5, EndColumn: 9, Text: "2",
		}},
		Related: []finding.RelatedLocation{
			{Location: finding.Location{File: "values.yaml", Line: 3, Column: 1}, Message: "the value comes from here"},
			{Location: finding.Location{File: "values.yaml"}},
		},
	}
	// A field added to a finding later must be held too: full sets every
	// field, which a new one would not, so this fails until the new field
	// is in full, and the round trip below then shows whether it is held.
	if unset := unsetFields(reflect.ValueOf(full), "Finding"); len(unset) > 0 {
		t.Fatalf("the test's full finding leaves %v unset: set them here and hold them in held_findings.go", unset)
	}
	bare := finding.Finding{Rule: "invalid-manifest", Object: finding.ObjectRef{Kind: "Document", Name: "x.yaml"}, Message: "cannot parse"}
	fixNoEdit := bare
	fixNoEdit.Fix = &finding.Fix{Path: "a", Value: ""}
	fixNoEdit.Location = &finding.Location{File: "x.yaml"}
	cases := map[string][]finding.Finding{
		"none":          nil,
		"every part":    {full},
		"no part":       {bare},
		"fix, no edit":  {fixNoEdit},
		"several mixed": {full, bare, fixNoEdit, full},
	}
	for name, findings := range cases {
		t.Run(name, func(t *testing.T) {
			held := newHeldRun(3)
			held.hold(1, objectResult{Findings: findings, Suppressed: findings, Notes: []string{"a note"}})
			got := held.gather(nil)
			want := append([]finding.Finding(nil), findings...)
			finding.Sort(want)
			if !reflect.DeepEqual(got.Findings, want) {
				t.Errorf("findings:\n got %#v\nwant %#v", got.Findings, want)
			}
			if !reflect.DeepEqual(got.Suppressed, want) {
				t.Errorf("suppressed:\n got %#v\nwant %#v", got.Suppressed, want)
			}
			if !reflect.DeepEqual(got.Notes, []string{"a note"}) {
				t.Errorf("notes: got %q", got.Notes)
			}
		})
	}
}

// TestHeldFindingsShareRepeatedStrings: the strings that repeat from
// finding to finding are held once per run, not once per finding.
func TestHeldFindingsShareRepeatedStrings(t *testing.T) {
	held := newHeldRun(1000)
	f := finding.Finding{
		Rule: "run-as-root", Object: finding.ObjectRef{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "ns"},
		Location: &finding.Location{File: "apps.yaml", Line: 4}, Remedy: "Run as an unprivileged user.",
	}
	for i := range 1000 {
		f.Object.Name = "web-" + string(rune('a'+i%26))
		f.Message = "container may run as root"
		held.hold(i, objectResult{Findings: []finding.Finding{f}})
	}
	// "", run-as-root, apps/v1, Deployment, ns, apps.yaml, the remedy.
	if n := len(held.shared.strings); n != 7 {
		t.Errorf("the run holds %d shared strings for 1,000 findings of one rule and file, want 7: %q", n, held.shared.strings)
	}
	if got := len(held.gather(nil).Findings); got != 1000 {
		t.Errorf("decoded %d findings, want 1000", got)
	}
}

// unsetFields lists the fields of v, and of the structs, pointers and
// slices it holds (their first element), that hold their zero value.
func unsetFields(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return unsetFields(v.Elem(), path)
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		return unsetFields(v.Index(0), path+"[0]")
	case reflect.Struct:
		var unset []string
		for i := range v.NumField() {
			unset = append(unset, unsetFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return unset
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}
