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

// annotatedCase is one entry of a testdata/*.json file: a message as a
// component really writes it, where it comes from, and the fields the
// classifier must produce. testdata/README.md describes the format.
type annotatedCase[W any] struct {
	Name    string `json:"name"`
	Source  string `json:"source"`
	Ref     string `json:"ref"`
	Reason  string `json:"reason"`
	Code    *int32 `json:"code"`
	Message string `json:"message"`
	Want    W      `json:"want"`
}

// loadCases reads testdata/file, rejecting unknown fields so that a typo in a
// want does not silently test nothing.
func loadCases[W any](t testing.TB, file string) []annotatedCase[W] {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatalf("read testdata: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var cases []annotatedCase[W]
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("decode testdata/%s: %v", file, err)
	}
	if len(cases) == 0 {
		t.Fatalf("testdata/%s has no cases", file)
	}
	names := map[string]bool{}
	for i, c := range cases {
		if c.Name == "" || c.Source == "" {
			t.Fatalf("testdata/%s case %d: name and source are required", file, i)
		}
		if names[c.Name] {
			t.Fatalf("testdata/%s: duplicate case name %q", file, c.Name)
		}
		names[c.Name] = true
	}
	return cases
}

// checkCase compares a result with its want field by field, and prints both
// as JSON (the form the policies see) when they differ.
func checkCase[W any](t *testing.T, c annotatedCase[W], got W) {
	t.Helper()
	if reflect.DeepEqual(got, c.Want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(c.Want, "", "  ")
	t.Errorf("source: %s\nmessage: %s\ngot:  %s\nwant: %s", c.Source, c.Message, g, w)
}

// seedCorpus adds every message of a testdata file to a fuzz target.
func seedCorpus[W any](f *testing.F, file string, add func(annotatedCase[W])) {
	for _, c := range loadCases[W](f, file) {
		add(c)
	}
}

// checkDetail is the invariant every classifier keeps: a non-empty message
// never yields an empty Detail.
func checkDetail(t *testing.T, message, detail string) {
	t.Helper()
	if message != "" && detail == "" {
		t.Errorf("empty Detail for %q", message)
	}
}

// checkVocabulary fails when value is not one of the documented set.
func checkVocabulary(t *testing.T, what, value string, set []string) {
	t.Helper()
	if !slices.Contains(set, value) {
		t.Errorf("%s %q is not in %v", what, value, set)
	}
}

// checkJSONNames fails when a serialized field name is not lower camel case.
func checkJSONNames(t *testing.T, v any) {
	t.Helper()
	checkTypeJSON(t, reflect.TypeOf(v))
}

func checkTypeJSON(t *testing.T, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < typ.NumField(); i++ {
		field := typ.Field(i)
		tag, ok := field.Tag.Lookup("json")
		name, _, _ := strings.Cut(tag, ",")
		if !ok || name == "" || name == "-" {
			t.Errorf("%s.%s has no json name", typ.Name(), field.Name)
			continue
		}
		if first := name[:1]; first != strings.ToLower(first) || strings.ContainsAny(name, "_-") {
			t.Errorf("%s.%s json name %q is not lowerCamelCase", typ.Name(), field.Name, name)
		}
		checkTypeJSON(t, field.Type)
	}
}
