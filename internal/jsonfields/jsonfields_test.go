package jsonfields

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"testing"
)

type Inner struct {
	A      string `json:"a"`
	Shared string `json:"shared"`
	Deep   string
}

type Other struct {
	Shared string `json:"shared"` // ties with Inner's at the same depth: dropped
	B      int    `json:"b,omitempty"`
}

type Tagged struct {
	Name string `json:"name"`
}

type Untagged struct {
	Name string
}

type hidden struct {
	Visible string `json:"visible"` // promoted through an unexported embedded struct
}

type Level2 struct {
	Deep string `json:"deep"`
}

type Level1 struct {
	*Level2
}

type outer struct {
	*Inner            // embedded pointer: its fields are promoted
	Other             // embedded struct
	Tagged            // "name", tagged ...
	Untagged          // ... dominates the untagged "Name"
	hidden            // unexported struct, exported field
	Level1            // two levels down, through a pointer
	Deep     string   `json:"Deep"` // shallower: dominates Inner's Deep
	Skip     string   `json:"-"`
	Dash     string   `json:"-,"`
	Count    int      `json:"count,string"`
	private  string   //nolint:unused // not a member
	List     []string `json:"list,omitempty"`
}

// full returns a value of outer with every field set, so that
// encoding/json writes every member.
func full() *outer {
	return &outer{
		Inner: &Inner{A: "a", Shared: "s", Deep: "inner"}, Other: Other{Shared: "o", B: 1},
		Tagged: Tagged{Name: "t"}, Untagged: Untagged{Name: "u"}, hidden: hidden{Visible: "v"},
		Level1: Level1{Level2: &Level2{Deep: "d2"}}, Deep: "outer", Skip: "x", Dash: "-", Count: 3, private: "p", List: []string{"l"},
	}
}

// TestMatchesEncodingJSON compares the members with the keys encoding/json
// writes and reads, embedded pointers and dominance included.
func TestMatchesEncodingJSON(t *testing.T) {
	raw, err := json.Marshal(full())
	if err != nil {
		t.Fatal(err)
	}
	var written map[string]any
	if err := json.Unmarshal(raw, &written); err != nil {
		t.Fatal(err)
	}
	var want []string
	for k := range written {
		want = append(want, k)
	}
	sort.Strings(want)
	s := Of(reflect.TypeFor[outer]())
	var got []string
	for _, f := range s.Fields {
		got = append(got, f.Name)
	}
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Errorf("members %v, encoding/json writes %v", got, want)
	}
	if !s.EmbedsPointer {
		t.Error("EmbedsPointer is false, but outer embeds *Inner")
	}
	// Each member reads back into the field Index names, as encoding/json
	// decodes it.
	decoded := &outer{}
	if err := json.Unmarshal(raw, decoded); err != nil {
		t.Fatal(err)
	}
	orig := reflect.ValueOf(full()).Elem()
	back := reflect.ValueOf(decoded).Elem()
	for _, f := range s.Fields {
		a, b := fieldByIndex(orig, f.Index), fieldByIndex(back, f.Index)
		if !a.IsValid() || !b.IsValid() || !reflect.DeepEqual(a.Interface(), b.Interface()) {
			t.Errorf("%s (index %v): wrote %v, read back %v", f.Name, f.Index, a, b)
		}
	}
	byName := map[string]Field{}
	for _, f := range s.Fields {
		byName[f.Name] = f
	}
	if !byName["count"].Quoted || !byName["list"].OmitEmpty || byName["Deep"].Type.Kind() != reflect.String || len(byName["Deep"].Index) != 1 {
		t.Errorf("options or dominance wrong: %+v", byName)
	}
}

// fieldByIndex is reflect's FieldByIndex that reports an invalid value,
// rather than panicking, on a nil embedded pointer.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for _, i := range index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}
