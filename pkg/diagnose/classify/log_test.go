package classify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// logCase is one entry of a testdata/logs_*.json file: the last lines of a
// crashed container's log as a real image prints them, and the cause the
// classifier must find (null: no cause, the log must not match).
type logCase struct {
	Name   string    `json:"name"`
	Source string    `json:"source"`
	Ref    string    `json:"ref"`
	Log    []string  `json:"log"`
	Want   *LogCause `json:"want"`
}

// logFamilies names the testdata file of each family of signatures.
var logFamilies = []string{"python", "java", "go", "node", "nginx", "databases", "platform", "network", "negative"}

func loadLogCases(t testing.TB, family string) []logCase {
	t.Helper()
	file := filepath.Join("testdata", "logs_"+family+".json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var cases []logCase
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("decode %s: %v", file, err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s has no cases", file)
	}
	seen := map[string]bool{}
	for i, c := range cases {
		if c.Name == "" || c.Source == "" || len(c.Log) == 0 {
			t.Fatalf("%s case %d: name, source and log are required", file, i)
		}
		if seen[c.Name] {
			t.Fatalf("%s: duplicate case %q", file, c.Name)
		}
		seen[c.Name] = true
	}
	return cases
}

func TestClassifyLog(t *testing.T) {
	for _, family := range logFamilies {
		for _, c := range loadLogCases(t, family) {
			t.Run(family+"/"+c.Name, func(t *testing.T) {
				got := ClassifyLog(c.Log)
				checkLogCause(t, c, got)
			})
		}
	}
}

// checkLogCause compares every field; Line only when the case states it,
// and in any case it must be one of the log's lines.
func checkLogCause(t *testing.T, c logCase, got *LogCause) {
	t.Helper()
	if got != nil {
		checkVocabulary(t, "cause", got.Cause, LogCauses)
		checkVocabulary(t, "family", got.Family, LogFamilies)
		var cleaned []string
		for _, l := range c.Log {
			cleaned = append(cleaned, rawLogLine(l))
		}
		if !slices.Contains(cleaned, got.Line) {
			t.Errorf("line %q is not a line of the log", got.Line)
		}
	}
	want := c.Want
	if want != nil && got != nil && want.Line == "" {
		w := *want
		w.Line = got.Line
		want = &w
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(c.Want, "", "  ")
	t.Errorf("source: %s\nlog tail: %q\ngot:  %s\nwant: %s", c.Source, c.Log[max(0, len(c.Log)-3):], g, w)
}

func TestLogCauseJSONNames(t *testing.T) {
	checkJSONNames(t, LogCause{})
}

// TestClassifyLogWindow proves the classifier reads only the end of a
// long log: a cause older than the window is not reported.
func TestClassifyLogWindow(t *testing.T) {
	lines := []string{"Error: Cannot find module 'express'"}
	for i := 0; i < logWindow; i++ {
		lines = append(lines, "serving request")
	}
	if got := ClassifyLog(lines); got != nil {
		t.Errorf("a line before the window was read: %+v", got)
	}
	if got := ClassifyLog(lines[:logWindow]); got == nil || got.Module != "express" {
		t.Errorf("the line inside the window was missed: %+v", got)
	}
}

func FuzzClassifyLog(f *testing.F) {
	for _, family := range logFamilies {
		for _, c := range loadLogCases(f, family) {
			f.Add(strings.Join(c.Log, "\n"))
		}
	}
	f.Fuzz(func(t *testing.T, log string) {
		got := ClassifyLog(strings.Split(log, "\n"))
		if got == nil {
			return
		}
		checkVocabulary(t, "cause", got.Cause, LogCauses)
		checkVocabulary(t, "family", got.Family, LogFamilies)
		if got.Line == "" && got.Cause != "" {
			t.Errorf("cause %q without its line", got.Cause)
		}
		if got.Port < 0 || got.Port > 65535 {
			t.Errorf("port %d", got.Port)
		}
	})
}

// TestNeedlesNeverHideAMatch proves the literal prefilter sound on every
// line of the testdata: a line a signature's pattern matches always holds
// one of its needles.
func TestNeedlesNeverHideAMatch(t *testing.T) {
	checked := 0
	for _, family := range logFamilies {
		for _, c := range loadLogCases(t, family) {
			for _, raw := range c.Log {
				line := cleanLogLine(raw)
				lower := strings.ToLower(line)
				sigs := logSignatures()
				for i := range sigs {
					s := &sigs[i]
					if s.re.MatchString(line) {
						checked++
						if !s.mayMatch(lower) {
							t.Errorf("needles %q hide a match of %s on %q", s.needles, s.re, line)
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no line matched any signature")
	}
}

// TestClassifyLogBoundsFields feeds hostile lines: a port beyond 65535 is
// no port, a host longer than any DNS name is dropped, and the line and
// message kept as evidence are bounded.
func TestClassifyLogBoundsFields(t *testing.T) {
	got := ClassifyLog([]string{"listen tcp :99999: bind: address already in use"})
	if got == nil || got.Cause != LogAddressInUse || got.Port != 0 {
		t.Errorf("port out of range: %+v", got)
	}
	host := strings.Repeat("a", 300)
	got = ClassifyLog([]string{"Error: getaddrinfo ENOTFOUND " + host})
	if got == nil || got.Cause != LogHostNotFound || got.Host != "" {
		t.Errorf("overlong host: %+v", got)
	}
	got = ClassifyLog([]string{"panic: " + strings.Repeat("x", 5000)})
	if got == nil || len(got.Line) > 503 || len(got.Message) > 503 {
		t.Errorf("unbounded evidence: line %d, message %d bytes", len(got.Line), len(got.Message))
	}
}
