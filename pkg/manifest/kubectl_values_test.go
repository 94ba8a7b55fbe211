package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	sigsyaml "sigs.k8s.io/yaml"

	"github.com/poddoctor/poddoctor/internal/corpus"
)

// documentValue reads one document as Parse does (fast parser, yaml.v3
// when it gives up, then the decoder) and returns its value.
func documentValue(data []byte) (any, error) {
	var stacks fastStacks
	root, err := readTree(data, &stacks)
	if err != nil {
		return nil, err
	}
	var d decoder
	return d.value(root)
}

// kubectlValue reads one document as kubectl does: sigs.k8s.io/yaml's
// YAMLToJSON, decoded with numbers kept as written.
func kubectlValue(data []byte) (any, error) {
	j, err := sigsyaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	return decodeJSONNumbers(j)
}

func decodeJSONNumbers(j []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// sameJSON compares two values decoded with json.Number; numbers are equal
// when written alike or when they are the same float64 (Object.Data holds
// integers beyond int64 as floats).
func sameJSON(a, b any, path string) error {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %v vs %v", path, a, b)
		}
		if len(x) != len(y) {
			return fmt.Errorf("%s: keys %v vs %v", path, keysOf(x), keysOf(y))
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				return fmt.Errorf("%s: key %q missing from kubectl's, which has %v", path, k, keysOf(y))
			}
			if err := sameJSON(v, w, JoinPath(path, k)); err != nil {
				return err
			}
		}
		return nil
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Errorf("%s: %v vs %v", path, a, b)
		}
		for i := range x {
			if err := sameJSON(x[i], y[i], IndexPath(path, i)); err != nil {
				return err
			}
		}
		return nil
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return fmt.Errorf("%s: number %v vs %#v", path, x, b)
		}
		if x == y {
			return nil
		}
		fx, errx := strconv.ParseFloat(string(x), 64)
		fy, erry := strconv.ParseFloat(string(y), 64)
		if errx != nil || erry != nil || fx != fy {
			return fmt.Errorf("%s: number %v vs %v", path, x, y)
		}
		return nil
	}
	if a != b {
		return fmt.Errorf("%s: %#v vs %#v", path, a, b)
	}
	return nil
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// compareWithKubectl checks that poddoctor reads a document to the value
// kubectl reads, or that both refuse it. It returns "" when they agree.
func compareWithKubectl(data []byte) string {
	if nonSpecificTag.Match(data) {
		return ""
	}
	ours, ourErr := documentValue(data)
	theirs, theirErr := kubectlValue(data)
	switch {
	case ourErr != nil && theirErr != nil:
		return ""
	case ourErr != nil:
		if knownStricter(data, ourErr) || notAnObject(theirs) {
			return ""
		}
		return fmt.Sprintf("poddoctor refuses what kubectl reads as %v: %v", theirs, ourErr)
	case theirErr != nil:
		return fmt.Sprintf("poddoctor reads %v where kubectl fails: %v", ours, theirErr)
	}
	j, err := json.Marshal(ours)
	if err != nil {
		return fmt.Sprintf("poddoctor's value is not JSON: %v", err)
	}
	mine, err := decodeJSONNumbers(j)
	if err != nil {
		return err.Error()
	}
	if err := sameJSON(mine, theirs, ""); err != nil {
		return "values differ at " + err.Error()
	}
	return ""
}

// nonSpecificTag finds the non-specific tag "!" (`a: ! yes`), which makes
// the scalar a string for goyaml.v2 but which yaml.v3 drops from its tree,
// so that poddoctor reads `! yes` as true. No manifest writes it; it is the
// one difference left, and documents that may hold it are not compared.
var nonSpecificTag = regexp.MustCompile(`(^|[\s\[\]{},:?-])!([\s\[\]{},]|$)`)

// knownStricter are the refusals where poddoctor is stricter than kubectl
// on purpose: an alias bomb, which kubectl expands up to its own bound, and
// a duplicate key, where kubectl keeps the last value but the API server's
// strict decoding, like YAMLToJSONStrict, refuses the document.
func knownStricter(data []byte, err error) bool {
	if strings.Contains(err.Error(), "excessive aliasing") {
		return true
	}
	if strings.Contains(err.Error(), "already defined at line") {
		_, strictErr := sigsyaml.YAMLToJSONStrict(data)
		return strictErr != nil && strings.Contains(strictErr.Error(), "already set in map")
	}
	return false
}

// notAnObject says whether kubectl read a document as something other
// than a mapping: a scalar or a list. goyaml.v2 stops reading at the end
// of a complete root scalar or list and ignores what follows it (`"a"b`
// then `c: d` on the next line is the string "a"; `- 00000` then `0:`
// less indented is the list [0]), where yaml.v3 and the YAML spec refuse
// the text. Neither is a Kubernetes object, so kubectl refuses the
// document as poddoctor does, with another message. (Found by
// FuzzValuesMatchKubectl, with sigs.k8s.io/yaml v1.6.0.)
func notAnObject(v any) bool {
	switch v.(type) {
	case nil, map[string]any:
		return false
	}
	return true
}

// repoRoot is the module root, two levels above this package.
const repoRoot = "../.."

// testdataDocuments returns every YAML or JSON document under a testdata
// directory of the repository, named by file and line.
func testdataDocuments(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != repoRoot {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.Contains(filepath.ToSlash(path), "/testdata/") {
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, doc := range splitDocuments(normalizeText(data)) {
			docs[fmt.Sprintf("%s:%d", path, doc.line)] = doc.data
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// corpusDocuments returns the documents of the generated benchmark
// corpora, both mixes, and of this package's benchmark stream.
func corpusDocuments() map[string][]byte {
	docs := map[string][]byte{}
	add := func(name string, data []byte) {
		for _, doc := range splitDocuments(normalizeText(data)) {
			docs[fmt.Sprintf("%s:%d", name, doc.line)] = doc.data
		}
	}
	for _, mix := range []string{corpus.MixMixed, corpus.MixReference} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 1500, Mix: mix, Seed: 7})
		for _, f := range files {
			add(mix+"/"+f.Path, f.Data)
		}
	}
	add("deploymentsYAML", deploymentsYAML(20))
	return docs
}

// TestValuesMatchKubectl is the differential test of values: every
// document of the repository's testdata and of the benchmark corpora reads
// to the value sigs.k8s.io/yaml gives it, or is refused by both.
func TestValuesMatchKubectl(t *testing.T) {
	docs := testdataDocuments(t)
	if len(docs) < 100 {
		t.Fatalf("found only %d testdata documents; is the walk looking in the right place?", len(docs))
	}
	for name, data := range corpusDocuments() {
		docs[name] = data
	}
	for name, data := range docs {
		if diff := compareWithKubectl(data); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
	t.Logf("%d documents compared", len(docs))
}

// TestYAML11Values pins the YAML 1.1 readings that differ from YAML 1.2,
// each checked against sigs.k8s.io/yaml too, so the table cannot drift from
// the reference.
func TestYAML11Values(t *testing.T) {
	tests := []struct {
		yaml string
		want string // JSON
	}{
		{"privileged: yes", `{"privileged":true}`},
		{"hostNetwork: on", `{"hostNetwork":true}`},
		{"a: [y, Y, n, N, Off, OFF, oN]", `{"a":[true,true,false,false,false,false,"oN"]}`},
		{"mode: 0755", `{"mode":493}`},
		{"a: 08", `{"a":8}`},
		{"a: 1e400", `{"a":"1e400"}`},
		{"a: 1_000", `{"a":1000}`},
		{"on: push", `{"true":"push"}`},
		{"'on': push", `{"on":"push"}`},
		{"0x10: a", `{"16":"a"}`},
		{"1e3: a", `{"1000":"a"}`},
		{"3.14159265358979: a", `{"3.1415927":"a"}`},
		{".inf: a", `{".inf":"a"}`},
		{"a: !!bool 'yes'", `{"a":true}`},
		{"a: !!float 5", `{"a":5}`},
		{"a: !!binary aGVsbG8=", `{"a":"hello"}`},
		{"a: 2001-12-14", `{"a":"2001-12-14"}`},
	}
	for _, tt := range tests {
		ref, err := sigsyaml.YAMLToJSON([]byte(tt.yaml))
		if err != nil || string(ref) != tt.want {
			t.Errorf("%q: sigs.k8s.io/yaml gives %s (%v), the table says %s", tt.yaml, ref, err, tt.want)
		}
		v, err := documentValue([]byte(tt.yaml))
		if err != nil {
			t.Errorf("%q: %v", tt.yaml, err)
			continue
		}
		if got, _ := json.Marshal(v); string(got) != tt.want {
			t.Errorf("%q read as %s, want %s", tt.yaml, got, tt.want)
		}
	}
}

// FuzzValuesMatchKubectl holds the fast parser and decoder to
// sigs.k8s.io/yaml on any document.
func FuzzValuesMatchKubectl(f *testing.F) {
	for _, seed := range []string{
		"privileged: yes\nhostNetwork: on\n",
		"a: [0755, 0x1F, 1_000, 1e3, .5, +.5, 08, ~, null, y, n]\n",
		"on: 1\n'off': 2\n0x10: 3\n",
		"a: !!int '5'\nb: !!str yes\nc: !!float 1\n",
		"spec:\n  containers:\n  - name: a\n    securityContext: {privileged: Yes}\n",
	} {
		f.Add([]byte(seed))
	}
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		for _, doc := range splitDocuments(normalizeText(data)) {
			if diff := compareWithKubectl(doc.data); diff != "" {
				t.Errorf("%q: %s", doc.data, diff)
			}
		}
	})
}

// TestResolvedKeyPositions checks that a key read by YAML 1.1 rules (on:
// is "true") is still found where it is written.
func TestResolvedKeyPositions(t *testing.T) {
	src := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  on: push\n  0x10: a\n  'off': b\n"
	objects, problems := Parse("k.yaml", []byte(src))
	if len(objects) != 1 || len(problems) > 0 {
		t.Fatalf("objects %d, problems %v", len(objects), problems)
	}
	for path, line := range map[string]int{"data.true": 5, "data.16": 6, "data.off": 7} {
		if _, _, complete := objects[0].find(path); !complete {
			t.Errorf("%s: not found", path)
		}
		if loc := objects[0].Position(path); loc.Line != line {
			t.Errorf("%s at %v, want line %d", path, loc, line)
		}
	}
}
