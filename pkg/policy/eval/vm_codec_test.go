package eval

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// codecNode exercises every kind the codec encodes: shared and cyclic
// pointers, nil and empty slices and maps, named integer types, strings
// said twice, constant terms and a foreign struct (ast.Location).
type codecNode struct {
	name     string
	op       vmOp
	small    int8
	big      int64
	unsigned uint32
	ratio    float64
	on       bool
	next     *codecNode
	self     *codecNode
	children []*codecNode
	none     []int32
	empty    []int32
	pair     [2]string
	kinds    map[string]bool
	byNumber map[int]string
	nilMap   map[string]int
	consts   []*ast.Term
	loc      *ast.Location
}

func TestCodecRoundTrip(t *testing.T) {
	c, err := newCodec(reflect.TypeFor[*codecNode]())
	if err != nil {
		t.Fatal(err)
	}
	leaf := &codecNode{name: "leaf", op: opScan, small: -3, big: -1 << 40, unsigned: 7, ratio: 0.25, on: true}
	root := &codecNode{
		name: "root", next: leaf, children: []*codecNode{leaf, leaf, nil},
		empty: []int32{}, pair: [2]string{"root", "leaf"},
		kinds:    map[string]bool{"Pod": true, "Service": false},
		byNumber: map[int]string{-1: "minus", 2: "two"},
		consts: []*ast.Term{
			ast.StringTerm("x"), ast.InternedTerm(true), ast.InternedTerm(false), ast.InternedNullTerm,
			ast.NewTerm(ast.Number("1.5")), ast.ArrayTerm(ast.StringTerm("a"), ast.InternedTerm(3)),
			ast.ObjectTerm(ast.Item(ast.StringTerm("k"), ast.StringTerm("v"))), ast.SetTerm(ast.StringTerm("s")), nil,
		},
		loc: &ast.Location{File: "rules/lint/x.rego", Row: 3, Col: 9},
	}
	root.self = root
	data, err := c.encode(reflect.ValueOf(&root).Elem())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.decode(string(data))
	if err != nil {
		t.Fatal(err)
	}
	got := *(**codecNode)(p)
	// Encoding the decoded value reads its objects and sets in order,
	// which sorts their keys as encoding the original did: a set's
	// sortedness is part of a deep comparison.
	again, err := c.encode(reflect.ValueOf(&got).Elem())
	if err != nil || string(again) != string(data) {
		t.Error("encoding the decoded value gives other bytes")
	}
	if !reflect.DeepEqual(got, root) {
		t.Fatalf("decoded %+v\nwant %+v", got, root)
	}
	if got.self != got || got.children[0] != got.next || got.children[1] != got.next {
		t.Error("shared pointers are not shared after decoding")
	}
	if got.none != nil || got.empty == nil || got.nilMap != nil {
		t.Error("nil and empty are not told apart")
	}
	// Cut short anywhere, the bytes are an error, never a panic.
	for n := range len(data) {
		if _, err := c.decode(string(data[:n])); err == nil {
			t.Errorf("%d of %d bytes decoded without an error", n, len(data))
		}
	}
	if _, err := c.decode(string(data) + "x"); err == nil {
		t.Error("trailing bytes were accepted")
	}
}

// TestCodecManyValues decodes more values of each type than one arena
// holds, slices longer than an arena hands out and empty ones, and checks
// them after a collection: a pointer past an array's end or into a freed
// one would crash the collector or change the values.
func TestCodecManyValues(t *testing.T) {
	c, err := newCodec(reflect.TypeFor[*codecNode]())
	if err != nil {
		t.Fatal(err)
	}
	var root *codecNode
	for i := range 3 * arenaChunk {
		n := &codecNode{name: fmt.Sprint("node ", i), next: root, none: make([]int32, i%(arenaChunk/2)), empty: []int32{},
			loc: &ast.Location{Row: i}, consts: []*ast.Term{ast.InternedTerm(i)}}
		for j := range n.none {
			n.none[j] = int32(i * j)
		}
		root = n
	}
	data, err := c.encode(reflect.ValueOf(&root).Elem())
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.decode(string(data))
	if err != nil {
		t.Fatal(err)
	}
	got := *(**codecNode)(p)
	runtime.GC()
	if !reflect.DeepEqual(got, root) {
		t.Fatal("the decoded values differ")
	}
}

type withInterface struct {
	name  string
	value any
}

type withFunc struct {
	blocks []struct{ f func() }
}

type withChan struct{ c chan int }

// TestCodecRefusesWhatItCannotEncode checks that a field the codec does
// not know fails loudly, naming the field, instead of being skipped.
func TestCodecRefusesWhatItCannotEncode(t *testing.T) {
	for _, tc := range []struct {
		typ   reflect.Type
		field string
	}{
		{reflect.TypeFor[withInterface](), "eval.withInterface.value"},
		{reflect.TypeFor[withFunc](), ".f"},
		{reflect.TypeFor[withChan](), "eval.withChan.c"},
		{reflect.TypeFor[map[float64]int](), "map key"},
		{reflect.TypeFor[unsafe.Pointer](), "unsafe.Pointer"},
	} {
		_, err := newCodec(tc.typ)
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: error %v, want one naming %s", tc.typ, err, tc.field)
		}
	}
	// The program's constant terms are scalars, arrays, objects and sets.
	c, err := newCodec(reflect.TypeFor[[]*ast.Term]())
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range []*ast.Term{ast.VarTerm("x"), {Value: ast.String("x"), Location: &ast.Location{Row: 1}}} {
		if _, err := c.encode(reflect.ValueOf([]*ast.Term{term})); err == nil {
			t.Errorf("%v was encoded", term)
		}
	}
}

type schemaBefore struct {
	a int32
	b string
}

type schemaAfter struct {
	a int32
	b string
	c bool
}

// TestCodecSchemaFollowsTheTypes checks that adding a field changes the
// hash a bundle carries, so that bytes written for other types are
// refused rather than misread.
func TestCodecSchemaFollowsTheTypes(t *testing.T) {
	before, err := newCodec(reflect.TypeFor[schemaBefore]())
	if err != nil {
		t.Fatal(err)
	}
	after, err := newCodec(reflect.TypeFor[schemaAfter]())
	if err != nil {
		t.Fatal(err)
	}
	if before.sum == after.sum {
		t.Error("a new field left the schema hash unchanged")
	}
	b, err := bundleCodec()
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"vmInstr", "vmFunc", "vmProgram", "kinds", "derived"} {
		if !strings.Contains(b.schema.String(), field) {
			t.Errorf("the bundle's schema does not mention %s", field)
		}
	}
}
