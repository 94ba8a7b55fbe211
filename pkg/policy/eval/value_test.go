package eval

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"net/netip"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/poddoctor/poddoctor/internal/corpus"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// identical reports whether a and b are the same value down to the text
// of their numbers (Compare finds 1 and 1.0 equal).
func identical(a, b ast.Value) bool {
	switch a := a.(type) {
	case ast.Number:
		b, ok := b.(ast.Number)
		return ok && a == b
	case *ast.Array:
		b, ok := b.(*ast.Array)
		if !ok || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !identical(a.Elem(i).Value, b.Elem(i).Value) {
				return false
			}
		}
		return true
	case ast.Object:
		b, ok := b.(ast.Object)
		if !ok || a.Len() != b.Len() {
			return false
		}
		same := true
		a.Foreach(func(k, v *ast.Term) {
			w := b.Get(k)
			if w == nil || !identical(v.Value, w.Value) {
				same = false
			}
		})
		return same
	}
	return a.Compare(b) == 0 && fmt.Sprintf("%T", a) == fmt.Sprintf("%T", b)
}

func checkDocument(t *testing.T, name string, x any) {
	t.Helper()
	want, err := ast.InterfaceToValue(x)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := documentTerm(x)
	if !ok {
		t.Fatalf("%s: documentTerm refused %T", name, x)
	}
	if !identical(got.Value, want) {
		t.Fatalf("%s: documentTerm differs from InterfaceToValue:\n%v\n%v", name, got.Value, want)
	}
	// Hashes drive object and set lookups: they must agree too.
	if got.Value.Hash() != want.Hash() {
		t.Fatalf("%s: hash %d, InterfaceToValue's %d", name, got.Value.Hash(), want.Hash())
	}
}

// TestDocumentValueIsInterfaceToValue converts every manifest under
// testdata and of generated corpora of both mixes directly and with
// ast.InterfaceToValue.
func TestDocumentValueIsInterfaceToValue(t *testing.T) {
	n := 0
	err := filepath.WalkDir("../../../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".json")) {
			return err
		}
		objects, _, err := manifest.ReadFile(path, nil)
		if err != nil {
			return nil // not a manifest
		}
		for _, o := range objects {
			checkDocument(t, path+" "+o.Kind+"/"+o.Name, o.Data)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, mix := range []string{corpus.MixReference, corpus.MixMixed} {
		files, _ := corpus.Manifests(corpus.ManifestOptions{Objects: 500, Mix: mix})
		for _, f := range files {
			objects, _ := manifest.Parse(f.Path, f.Data)
			for _, o := range objects {
				checkDocument(t, f.Path+" "+o.Kind+"/"+o.Name, o.Data)
				n++
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d documents compared", n)
	}
}

func TestDocumentValueEdgeCases(t *testing.T) {
	numbers := []any{
		int64(0), int64(1), int64(-1), int64(-2), int64(99), int64(100), int64(511), int64(512), int64(1000000),
		int64(math.MaxInt64), int64(math.MinInt64), 0, 7, -7, 1 << 40,
		0.0, math.Copysign(0, -1), 0.5, -0.5, 1.0, -1.0, 3.0, 1e6, 1e20, 1e21, 1e22, -1e21, 123456789012345678.0,
		1e-6, 1e-7, -1e-7, 5e-324, math.MaxFloat64, -math.MaxFloat64, 0.1, 2.5e-10, 18446744073709551615.0,
		9007199254740993.0, 1.0000000000000002,
	}
	for _, x := range numbers {
		checkDocument(t, fmt.Sprintf("%T %v", x, x), x)
		checkDocument(t, fmt.Sprintf("in object %T %v", x, x), map[string]any{"n": x, "list": []any{x, x}})
	}
	docs := []any{
		nil, true, false, "", "x", "TCP", "ünïcödé", "bad \xff utf8", "1", "null",
		[]any{}, map[string]any{}, []any{nil, true, "a", []any{}, map[string]any{}},
		map[string]any{"": "", "a": nil, "b": []any{map[string]any{"c": int64(1)}}, "kind": "Deployment"},
		map[string]any{"metadata": map[string]any{"name": "x", "labels": map[string]any{"app": "x"}}},
	}
	big := make([]any, 1000)
	for i := range big {
		big[i] = map[string]any{"i": int64(i), "s": fmt.Sprint(i), "l": make([]any, i%70)}
		for j := range i % 70 {
			big[i].(map[string]any)["l"].([]any)[j] = float64(j) / 3
		}
	}
	docs = append(docs, big, map[string]any{"big": big})
	for i, x := range docs {
		checkDocument(t, fmt.Sprint("doc ", i), x)
	}
	if _, ok := documentTerm(map[string]any{"a": []string{"x"}}); ok {
		t.Error("documentTerm accepted a []string")
	}
	if _, ok := documentTerm(map[string]any{"a": uint8(1)}); ok {
		t.Error("documentTerm accepted a uint8")
	}
	// What it refuses ToValue still converts.
	v, err := ToValue(map[string]any{"a": []string{"x"}, "b": uint64(math.MaxUint64)})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ast.InterfaceToValue(map[string]any{"a": []string{"x"}, "b": uint64(math.MaxUint64)})
	if !identical(v, want) {
		t.Errorf("ToValue gave %v, want %v", v, want)
	}
}

type textKey string

func (k textKey) MarshalText() ([]byte, error) { return []byte("k-" + string(k)), nil }

type jsonSelf struct{ A int }

func (jsonSelf) MarshalJSON() ([]byte, error) { return []byte(`{"self":true}`), nil }

type ptrJSON struct{ A int }

func (*ptrJSON) MarshalJSON() ([]byte, error) { return []byte(`"ptr"`), nil }

type inner struct {
	S string `json:"s,omitempty"`
	N int    `json:"n"`
}

type embedded struct {
	inner
	X int
}

type Label string

type deepA struct {
	Deep   string `json:"deep"`
	Shared string
}

type deepB struct {
	Shared string
	Other  int `json:"other,omitempty"`
}

type lower struct {
	Exported string `json:"exported"`
	hidden   string //nolint:unused
}

type withEmbedded struct {
	inner           // promotes s and n
	*deepA          // promotes deep; Shared conflicts with deepB's
	deepB           // Shared: same depth, both untagged, so dropped
	lower           // unexported type, exported fields promoted
	Label           // embedded non-struct: a field named Label
	Tagged    deepA `json:"tagged"`
	N         int   `json:"n"` // shadows inner's n
	Ignored   int   `json:"-"`
	StructStr inner `json:"structStr,string"` // ,string ignored on structs
}

type twoLevels struct {
	withEmbedded
	Deep string // shadows the deeper deepA.Deep
}

type recursive struct {
	Name     string       `json:"name"`
	Children []*recursive `json:"children,omitempty"`
	Next     *recursive   `json:"next"`
}

type byteLike uint8

type everything struct {
	B       bool              `json:"b"`
	I       int               `json:"i"`
	I8      int8              `json:"i8"`
	I64     int64             `json:"i64,omitempty"`
	U       uint              `json:"u"`
	U64     uint64            `json:"u64"`
	Up      uintptr           `json:"up"`
	F32     float32           `json:"f32"`
	F64     float64           `json:"f64"`
	S       string            `json:"s"`
	Untag   string            // its Go name
	Dash    string            `json:"-"`
	DashKey string            `json:"-,"`
	Odd     string            `json:"bad name!"`
	private string            //nolint:unused
	Bytes   []byte            `json:"bytes"`
	NoBytes []byte            `json:"noBytes"`
	Bytes2  []byteLike        `json:"bytes2"`
	Arr     [3]byte           `json:"arr"`
	Strs    []string          `json:"strs"`
	NilStrs []string          `json:"nilStrs"`
	Empty   []string          `json:"empty,omitempty"`
	M       map[string]int    `json:"m"`
	NilM    map[string]int    `json:"nilM"`
	OmitM   map[string]int    `json:"omitM,omitempty"`
	Named   map[textKey]int   `json:"named,omitempty"`
	P       *inner            `json:"p"`
	NilP    *inner            `json:"nilP"`
	OmitP   *inner            `json:"omitP,omitempty"`
	PP      **inner           `json:"pp"`
	Any     any               `json:"any"`
	NilAny  any               `json:"nilAny"`
	OmitAny any               `json:"omitAny,omitempty"`
	Anys    []any             `json:"anys"`
	AnyMap  map[string]any    `json:"anyMap"`
	Structs []inner           `json:"structs"`
	MapS    map[string]inner  `json:"mapS"`
	MapP    map[string]*inner `json:"mapP"`
	Rec     *recursive        `json:"rec"`
	Dur     time.Duration     `json:"dur"`
	Num     json.Number       `json:"num,omitempty"`
	NilTime *time.Time        `json:"nilTime"`
	Addr    *netip.Addr       `json:"addr,omitempty"`
	Self    *jsonSelf         `json:"self,omitempty"`
	PtrJSON *ptrJSON          `json:"ptrJSON,omitempty"`
	Emb     *embedded         `json:"emb,omitempty"`
	OmitF   float64           `json:"omitF,omitempty"`
	OmitB   bool              `json:"omitB,omitempty"`
	OmitU   uint16            `json:"omitU,omitempty"`
}

// TestDirectValueIsTheRoundTrip converts structs directly and through
// their JSON, including every kind of field the direct conversion meets
// and the ones it leaves to the round trip.
func TestDirectValueIsTheRoundTrip(t *testing.T) {
	in := &inner{S: "s", N: 3}
	addr := netip.MustParseAddr("10.0.0.1")
	now := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	full := everything{
		B: true, I: -5, I8: -128, I64: 1 << 62, U: 7, U64: math.MaxUint64, Up: 9,
		F32: 0.1, F64: 1e21, S: "héllo", Untag: "u", Dash: "no", DashKey: "dash", Odd: "odd",
		Bytes: []byte("hello, world"), NoBytes: nil, Bytes2: []byteLike{1, 2}, Arr: [3]byte{1, 2, 3},
		Strs: []string{"a", "b"}, M: map[string]int{"x": 1, "y": 1000}, OmitM: map[string]int{},
		P: in, PP: &in, Any: map[string]any{"k": []any{1, "2", 3.5, nil}}, Anys: []any{in, "x", int64(-1), uint8(3)},
		AnyMap:  map[string]any{"a": in, "b": []string{"c"}},
		Structs: []inner{{}, {S: "x"}}, MapS: map[string]inner{"a": {N: 1}}, MapP: map[string]*inner{"a": nil, "b": in},
		Rec: &recursive{Name: "a", Children: []*recursive{{Name: "b"}, {Name: "c", Next: &recursive{Name: "d"}}}},
		Dur: time.Second,
	}
	cases := map[string]any{
		"zero":         everything{},
		"full":         full,
		"full ptr":     &full,
		"num":          everything{Num: "12.50"},
		"time":         everything{NilTime: &now},
		"addr":         everything{Addr: &addr},
		"self":         everything{Self: &jsonSelf{}},
		"ptrJSON":      everything{PtrJSON: &ptrJSON{}},
		"embedded":     everything{Emb: &embedded{X: 1}},
		"embedded nil": withEmbedded{inner: inner{S: "s", N: 1}, deepB: deepB{Shared: "b", Other: 2}, lower: lower{Exported: "e"}, Label: "l", N: 5},
		"embedded ptr": withEmbedded{deepA: &deepA{Deep: "d", Shared: "a"}, Tagged: deepA{Deep: "t"}},
		"two levels":   []twoLevels{{}, {Deep: "top", withEmbedded: withEmbedded{deepA: &deepA{Deep: "d"}}}},
		"text key":     everything{Named: map[textKey]int{"a": 1}},
		"bad utf8":     everything{S: "a\xffb"},
		"bad key":      map[string]int{"a\xff": 1},
		"any self":     everything{Any: jsonSelf{}},
		"floats":       []any{0.0, math.Copysign(0, -1), 1e-6, 1e-7, 1e20, 1e21, -1e21, 123.456, float32(1e-7), float32(3.4e38), float32(0.1), 5e-324},
		"float32s":     []float32{0, 1e-6, 1e-7, 1e20, 1e21, 0.3},
		"uints":        []uint64{0, 1, 511, 512, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64},
		"ints":         []int64{math.MinInt64, -1, 0, 1, 99, 100, 1000, math.MaxInt64},
		"nil":          map[string]*everything{"x": nil},
		"map slices":   map[string][]inner{"a": nil, "b": {}, "c": {{N: 2}}},
		"byte arrays":  [][]byte{nil, {}, {0, 255}},
	}
	for name, x := range cases {
		want, err := ast.InterfaceToValue(x) // through JSON
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := ToValue(x)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !identical(got, want) {
			t.Errorf("%s: direct value differs from the round trip:\n%v\n%v", name, got, want)
		}
	}
	for _, x := range []any{everything{F64: math.NaN()}, everything{F64: math.Inf(-1)}, []float32{float32(math.Inf(1))}} {
		if _, err := ToValue(x); err == nil {
			t.Errorf("ToValue(%v) converted a number JSON cannot hold", x)
		}
	}
	if _, ok := directValue(reflect.ValueOf(everything{Self: &jsonSelf{}})); ok {
		t.Error("directValue converted a type with its own MarshalJSON")
	}
	for _, x := range []any{full, twoLevels{Deep: "x"}, withEmbedded{}} {
		if _, ok := directValue(reflect.ValueOf(x)); !ok {
			t.Errorf("directValue left %T to the round trip", x)
		}
	}
	type quoted struct {
		N int `json:"n,string"`
	}
	type omitZero struct {
		N int `json:"n,omitzero"`
	}
	for _, x := range []any{quoted{N: 1}, omitZero{}} {
		if _, ok := directValue(reflect.ValueOf(x)); ok {
			t.Errorf("directValue converted %T", x)
		}
		want, _ := ast.InterfaceToValue(x)
		if got, _ := ToValue(x); !identical(got, want) {
			t.Errorf("%T: got %v, want %v", x, got, want)
		}
	}
}

// TestToValueConcurrently converts documents and structs of new types from
// many goroutines at once, for the race detector.
func TestToValueConcurrently(t *testing.T) {
	type fresh struct {
		A []inner          `json:"a"`
		R *recursive       `json:"r"`
		M map[string][]any `json:"m"`
	}
	x := fresh{A: []inner{{S: "x"}}, R: &recursive{Name: "r", Next: &recursive{Name: "n"}}, M: map[string][]any{"k": {int64(1), "v", 2.5}}}
	doc := map[string]any{"a": []any{"x", int64(3), map[string]any{"kind": "Pod"}}}
	want, _ := ast.InterfaceToValue(x)
	wantDoc, _ := ast.InterfaceToValue(doc)
	done := make(chan error)
	for range 8 {
		go func() {
			for range 50 {
				if v, err := ToValue(x); err != nil || !identical(v, want) {
					done <- fmt.Errorf("struct: %v %v", v, err)
					return
				}
				if v, err := ToValue(doc); err != nil || !identical(v, wantDoc) {
					done <- fmt.Errorf("document: %v %v", v, err)
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
