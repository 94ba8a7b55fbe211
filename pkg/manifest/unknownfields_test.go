package manifest

import (
	"reflect"
	"strings"
	"testing"
)

// checkUnknown checks an expectation of an unknown field: it must be
// reported, with its suggestion, and Position must find it.
func checkUnknown(t *testing.T, objects []*Object, w want) {
	t.Helper()
	o := objectNamed(t, objects, w, w.args[0])
	if o == nil {
		return
	}
	fields, err := UnknownFields(o)
	if err != nil {
		t.Fatalf("UnknownFields(%s): %v", w.args[0], err)
	}
	path, field, suggestion, at := w.args[1], w.args[2], w.args[3], w.args[4]
	if suggestion == "-" {
		suggestion = ""
	}
	for _, u := range fields {
		if u.Path != path {
			continue
		}
		if u.Field != field || u.Suggestion != suggestion {
			t.Errorf("want line %d: %+v, want field %q suggestion %q", w.line, u, field, suggestion)
		}
		loc := o.Position(u.Path)
		if got := lineCol(loc.Line, loc.Column); got != at {
			t.Errorf("want line %d: Position(%q) = %s, want %s", w.line, u.Path, got, at)
		}
		return
	}
	t.Errorf("want line %d: no unknown field %s in %+v", w.line, path, fields)
}

// TestUnknownFieldsExactly checks that the unknown fields of unknown.yaml
// are exactly those its expectations list: nothing extra, and nothing for
// the clean Pod or the custom resource.
func TestUnknownFieldsExactly(t *testing.T) {
	path := "testdata/unknown.yaml"
	objects, _, err := ReadFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	expected := make(map[string]bool)
	for _, w := range readWants(t, path) {
		if w.verb == "unknown" {
			expected[w.args[0]+" "+w.args[1]] = true
		}
	}
	for _, o := range objects {
		fields, err := UnknownFields(o)
		if err != nil {
			t.Fatalf("UnknownFields(%s): %v", refString(o), err)
		}
		for _, u := range fields {
			if !expected[refString(o)+" "+u.Path] {
				t.Errorf("extra unknown field %s %+v", refString(o), u)
			}
		}
	}
}

func TestUnknownFieldsTypeError(t *testing.T) {
	objects, _ := Parse("bad.yaml", []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: \"3\"}\n"))
	if len(objects) != 1 {
		t.Fatalf("got %d objects", len(objects))
	}
	fields, err := UnknownFields(objects[0])
	if err == nil || !strings.Contains(err.Error(), "replicas") {
		t.Errorf("UnknownFields = %v, %v; want an error naming replicas", fields, err)
	}
}

func TestSuggestField(t *testing.T) {
	known := []string{"containers", "env", "image", "imagePullPolicy", "name", "os", "ports"}
	tests := map[string]string{
		"contianers":      "containers",
		"imagePullPolcy":  "imagePullPolicy",
		"ImagePullPolicy": "imagePullPolicy",
		"nme":             "name",
		"evn":             "env",
		"x":               "",
		"volumes":         "",
		"port":            "ports",
	}
	for field, want := range tests {
		if got := suggestField(field, known); got != want {
			t.Errorf("suggestField(%q) = %q, want %q", field, got, want)
		}
	}
}

// TestUnknownFieldThroughMaps follows a decoder path through a map whose
// keys contain dots, which only the data can tell apart from the dots
// between fields.
func TestUnknownFieldThroughMaps(t *testing.T) {
	type attribute struct {
		Value string `json:"value"`
		Kind  string `json:"kind,omitempty"`
	}
	type spec struct {
		Attributes map[string]attribute `json:"attributes"`
		Items      []attribute          `json:"items"`
	}
	type object struct {
		Spec spec `json:"spec"`
	}
	data := map[string]any{"spec.x": true, "spec": map[string]any{
		"attributes": map[string]any{
			"example.com":       map[string]any{"value": "a"},
			"example.com/model": map[string]any{"valeu": "b"},
		},
		"items": []any{map[string]any{"value": "x"}, map[string]any{"knd": "y"}},
	}}
	tests := []struct {
		decoderPath string
		want        UnknownField
	}{
		{"spec.attributes.example.com/model.valeu", UnknownField{Path: `spec.attributes["example.com/model"].valeu`, Field: "valeu", Suggestion: "value"}},
		{"spec.items[1].knd", UnknownField{Path: "spec.items[1].knd", Field: "knd", Suggestion: "kind"}},
		{"spec.extra.field", UnknownField{Path: `spec["extra.field"]`, Field: "extra.field"}},
		// "spec" is known, but the data says "spec.x" is one unknown key.
		{"spec.x", UnknownField{Path: `["spec.x"]`, Field: "spec.x", Suggestion: "spec"}},
		// "value" is known, but a string has no fields: "value.x" is the key.
		{"spec.items[0].value.x", UnknownField{Path: `spec.items[0]["value.x"]`, Field: "value.x", Suggestion: "value"}},
	}
	for _, tt := range tests {
		got, ok := unknownField(reflect.TypeOf(&object{}), data, tt.decoderPath, "")
		if !ok || got != tt.want {
			t.Errorf("unknownField(%q) = %+v, %v; want %+v", tt.decoderPath, got, ok, tt.want)
		}
	}
}
