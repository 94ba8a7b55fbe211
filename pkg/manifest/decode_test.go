package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// objectYAML wraps a value into a ConfigMap document so that Parse accepts it.
func objectYAML(value string) string {
	return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n" + value + "\n"
}

func TestScalarValues(t *testing.T) {
	tests := []struct {
		yaml string // the value of key v
		want any
	}{
		{"1", int64(1)},
		{"-0x1F", int64(-31)},
		{"0o17", int64(15)},
		{"0777", int64(511)},
		{"0b101", int64(5)},
		{"1_000", int64(1000)},
		{"+12", int64(12)},
		{"9223372036854775808", float64(9223372036854775808)},
		{"1.5", 1.5},
		{"1e3", 1000.0},
		{".5", 0.5},
		{"08", 8.0},
		{"!!float 1", 1.0},
		{`!!int "7"`, int64(7)},
		{"true", true},
		{"FALSE", false},
		// YAML 1.1, as sigs.k8s.io/yaml v1.6.0 (kubectl, the API server)
		// reads it: the words below are booleans unquoted, strings quoted.
		{"yes", true},
		{"on", true},
		{"Off", false},
		{"n", false},
		{"'yes'", "yes"},
		{"!!bool yes", true},
		{"yEs", "yEs"},
		{"~", nil},
		{"null", nil},
		{"", nil},
		{"2024-01-02", "2024-01-02"},
		{"2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"},
		{`"1"`, "1"},
		{"'true'", "true"},
		{"!!str 1", "1"},
		{"!custom x", "x"},
		{"!!binary aGVsbG8=", "hello"},
		{"|\n  a\n  b", "a\nb\n"},
		{">-\n  a\n  b", "a b"},
		{"500m", "500m"},
		{"[1, a, {b: c}]", []any{int64(1), "a", map[string]any{"b": "c"}}},
	}
	for _, tt := range tests {
		objects, problems := Parse("v.yaml", []byte(objectYAML("v: "+tt.yaml)))
		if len(problems) > 0 || len(objects) != 1 {
			t.Errorf("v: %s: problems %v", tt.yaml, problems)
			continue
		}
		if got := objects[0].Data["v"]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("v: %s decoded to %#v, want %#v", tt.yaml, got, tt.want)
		}
	}
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name string
		yaml string // after the identity lines, which take lines 1 to 3
		line int
		want string
	}{
		{"bool tag on a non-bool", "v: !!bool maybe", 4, `line 4: cannot read "maybe" as a boolean`},
		{"int tag on a word", "v: !!int seven", 4, `line 4: cannot read "seven" as an integer`},
		{"null key", "~: x", 4, `line 4: mapping key null cannot be a JSON object key`},
		{"key beyond int64", "18446744073709551615: x", 4, `cannot be a JSON object key`},
		{"duplicate after YAML 1.1 resolution", "v: {on: 1, true: 2}", 4, `line 4: mapping key "true" already defined at line 4`},
		{"nan", "v: .nan", 4, ".nan is not a number JSON can hold"},
		{"negative infinity", "v: -.Inf", 4, "-.Inf is not a number JSON can hold"},
		{"collection key", "? [a]\n: x", 4, "line 4: a mapping key must be a scalar, not a list"},
		{"merge of a scalar", "v:\n  <<: 3", 5, "line 5: the value of a merge key (<<) must be a mapping or a list of mappings"},
		{"duplicate top-level key", "data: {}\ndata: {}", 5, `line 5: mapping key "data" already defined at line 4`},
		{"duplicate in flow mapping", "v: {a: 1, b: 2, a: 3}", 4, `line 4: mapping key "a" already defined at line 4`},
		{"self-containing alias", "v: &a [1, *a]", 4, "alias *a refers to a value that contains it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objects, problems := Parse("p.yaml", []byte(objectYAML(tt.yaml)))
			if len(objects) != 0 || len(problems) != 1 {
				t.Fatalf("got %d objects and problems %v, want one problem", len(objects), problems)
			}
			p := problems[0]
			if p.Location.Line != tt.line || !strings.Contains(p.Message, tt.want) {
				t.Errorf("problem at line %d: %q; want line %d containing %q", p.Location.Line, p.Message, tt.line, tt.want)
			}
		})
	}
}

// billionLaughs is the classic alias bomb: nine levels, each nine aliases to
// the level before, 9^9 strings if expanded.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString(objectYAML(`l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`))
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

func TestAliasBomb(t *testing.T) {
	doc := []byte(billionLaughs())

	// yaml.v3 protects its own decoding: it must refuse, not explode.
	var v any
	if err := yaml.Unmarshal(doc, &v); err == nil || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Errorf("yaml.v3 Unmarshal of an alias bomb: %v, want excessive aliasing", err)
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	objects, problems := Parse("bomb.yaml", append(doc, "---\n"+objectYAML("")...))
	runtime.ReadMemStats(&after)
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "excessive aliasing") {
		t.Errorf("problems = %v, want one about excessive aliasing", problems)
	}
	if len(objects) != 1 {
		t.Errorf("the document after the bomb gave %d objects, want 1", len(objects))
	}
	if used := after.TotalAlloc - before.TotalAlloc; used > 64<<20 {
		t.Errorf("parsing an alias bomb allocated %d MiB", used>>20)
	}
}

func TestModerateAliasingIsFine(t *testing.T) {
	// 200 containers sharing one env list of 50 variables: 10,000 values
	// through aliases, well within the bound.
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  x-env: &env\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "  - {name: V%d, value: \"%d\"}\n", i, i)
	}
	b.WriteString("  containers:\n")
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "  - {name: c%d, image: app, env: *env}\n", i)
	}
	objects, problems := Parse("many.yaml", []byte(b.String()))
	if len(problems) > 0 || len(objects) != 1 {
		t.Fatalf("problems %v", problems)
	}
	ps, _ := PodSpecOf(objects[0])
	cs := Containers(ps)
	if len(cs) != 200 || len(cs[199].Spec["env"].([]any)) != 50 {
		t.Errorf("got %d containers", len(cs))
	}
}

func TestMaxDocumentBytes(t *testing.T) {
	big := objectYAML("data:\n  x: " + strings.Repeat("y", MaxDocumentBytes))
	small := objectYAML("")
	objects, problems := Parse("big.yaml", []byte(small+"---\n"+big+"---\n"+small))
	if len(objects) != 2 {
		t.Errorf("got %d objects, want the 2 small ones", len(objects))
	}
	if len(problems) != 1 || problems[0].Location.Line != 5 || !strings.Contains(problems[0].Message, "over the limit") {
		t.Errorf("problems = %v, want one at line 5 about the size limit", problems)
	}
}

// TestDecodeMatchesYAMLv3 checks the decoder against yaml.v3's own decoding
// of every valid document in testdata, after turning int into int64.
func TestDecodeMatchesYAMLv3(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	checked := 0
	for _, path := range files {
		objects, _, err := ReadFile(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range objects {
			var want any
			if err := yamlNodeOf(t, path, o).Decode(&want); err != nil {
				t.Fatalf("%s %s: yaml.v3: %v", path, refString(o), err)
			}
			if !reflect.DeepEqual(o.Data, normalizeYAMLv3(want)) {
				t.Errorf("%s %s:\n got %#v\nwant %#v", path, refString(o), o.Data, normalizeYAMLv3(want))
			}
			checked++
		}
	}
	if checked < 20 {
		t.Errorf("checked only %d objects", checked)
	}
}

// yamlNodeOf returns yaml.v3's node for an object's mapping: the mapping at
// the same position in yaml.v3's tree of the object's document.
func yamlNodeOf(t *testing.T, path string, o *Object) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range splitDocuments(normalizeText(data)) {
		if doc.line-1 != o.lineOffset {
			continue
		}
		var root yaml.Node
		if err := yaml.Unmarshal(doc.data, &root); err != nil {
			t.Fatalf("%s %s: yaml.v3: %v", path, refString(o), err)
		}
		var find func(n *yaml.Node) *yaml.Node
		find = func(n *yaml.Node) *yaml.Node {
			if n.Kind == yaml.MappingNode && n.Line == int(o.node.Line) && n.Column == int(o.node.Column) {
				return n
			}
			for _, c := range n.Content {
				if m := find(c); m != nil {
					return m
				}
			}
			return nil
		}
		if n := find(&root); n != nil {
			return n
		}
	}
	t.Fatalf("%s %s: no yaml.v3 node at %d:%d", path, refString(o), o.node.Line, o.node.Column)
	return nil
}

// normalizeYAMLv3 turns yaml.v3's decoding into interface{} into the
// JSON-compatible form Parse promises.
func normalizeYAMLv3(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalizeYAMLv3(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = normalizeYAMLv3(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = normalizeYAMLv3(x)
		}
		return v
	case int:
		return int64(v)
	case uint64:
		return float64(v)
	}
	return v
}
