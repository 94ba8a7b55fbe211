package finding

import (
	"encoding/json"
	"testing"
)

func TestSeverityRoundTrip(t *testing.T) {
	for _, s := range []Severity{Info, Warning, Error} {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var got Severity
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("unmarshal %s: %v", b, err)
		}
		if got != s {
			t.Errorf("round trip of %v gave %v", s, got)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) succeeded, want an error")
	}
}

func TestParseThreshold(t *testing.T) {
	tests := map[string]Severity{"none": None, "ERROR": Error, "warning": Warning, "info": Info}
	for in, want := range tests {
		got, err := ParseThreshold(in)
		if err != nil || got != want {
			t.Errorf("ParseThreshold(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseThreshold("critical"); err == nil {
		t.Error("ParseThreshold(critical) succeeded, want an error")
	}
}

func TestSortIsDeterministic(t *testing.T) {
	a := Finding{Rule: "latest-tag", Location: &Location{File: "a.yaml", Line: 8}}
	b := Finding{Rule: "image-typo", Location: &Location{File: "a.yaml", Line: 8}}
	c := Finding{Rule: "latest-tag", Location: &Location{File: "a.yaml", Line: 3}}
	d := Finding{Rule: "crash-loop", Object: ObjectRef{Kind: "Pod", Namespace: "shop", Name: "web"}}
	got := []Finding{a, b, c, d}
	Sort(got)
	want := []string{"crash-loop", "latest-tag", "image-typo", "latest-tag"}
	for i, f := range got {
		if f.Rule != want[i] {
			t.Fatalf("order %d: got %s, want %s (all: %+v)", i, f.Rule, want[i], got)
		}
	}
	if got[1].Location.Line != 3 {
		t.Errorf("line 3 must sort before line 8, got %+v", got)
	}
}

func TestAtOrAbove(t *testing.T) {
	fs := []Finding{{Severity: Warning}}
	if !AtOrAbove(fs, Warning) || !AtOrAbove(fs, Info) {
		t.Error("a warning must trip warning and info gates")
	}
	if AtOrAbove(fs, Error) || AtOrAbove(fs, None) {
		t.Error("a warning must not trip the error or none gates")
	}
	s := Summarize([]Finding{{Severity: Error}, {Severity: Warning}, {Severity: Info}, {Severity: Error}})
	if s.Total != 4 || s.Errors != 2 || s.Warnings != 1 || s.Infos != 1 {
		t.Errorf("Summarize = %+v", s)
	}
}

func TestLocationString(t *testing.T) {
	cases := map[string]Location{
		"a.yaml":     {File: "a.yaml"},
		"a.yaml:3":   {File: "a.yaml", Line: 3},
		"a.yaml:3:7": {File: "a.yaml", Line: 3, Column: 7},
	}
	for want, l := range cases {
		if got := l.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", l, got, want)
		}
	}
}
