package eval

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// The codec writes a compiled program (and whatever else a bundle holds)
// as bytes and reads it back, field by field, by reflection over the
// program's own types: a field someone adds to vmInstr, vmFunc or
// vmProgram is encoded without touching this file, and a field of a type
// it cannot encode (an interface, a channel, a function) fails the
// encoding, the decoding and the freshness test, loudly, until it is
// listed in derivedFields with the code that rebuilds it. The bytes carry
// a hash of the types' layout (codecSchema), so that a program encoded for
// other types is refused rather than misread.

// derivedFields are fields that are not encoded: loadBundle rebuilds each
// when the program is loaded. Keys are "Type.field" as reflect names them.
var derivedFields = map[string]string{
	"eval.vmProgram.data":      "the base document of the run (storeDocument)",
	"eval.vmProgram.constants": "one empty slot per function",
	"eval.vmProgram.pool":      "empty until the first evaluation",
	"eval.vmBuiltin.fn":        "the implementation, looked up by name",
	"eval.vmBuiltin.direct":    "the interpreter's own answer, looked up by name (builtin_direct.go)",
}

var termType = reflect.TypeFor[*ast.Term]()

// codecType is how one Go type is encoded.
type codecType struct {
	t      reflect.Type
	kind   reflect.Kind
	elem   *codecType // slice, array, pointer, map value
	key    *codecType // map key
	fields []codecField
	slot   int  // pointers: the table of identities
	term   bool // *ast.Term: a constant Rego value
}

type codecField struct {
	offset uintptr
	index  int
	typ    *codecType
}

// codec is the encoding of one root type.
type codec struct {
	root   *codecType
	types  map[reflect.Type]*codecType
	slots  int
	schema strings.Builder
	// sum is the hash of schema: what the bytes were written for.
	sum [sha256.Size]byte
}

// newCodec builds the encoding of root, or says which field of which type
// it cannot encode.
func newCodec(root reflect.Type) (*codec, error) {
	c := &codec{types: map[reflect.Type]*codecType{}}
	ct, err := c.build(root, root.String())
	if err != nil {
		return nil, err
	}
	c.root = ct
	c.sum = sha256.Sum256([]byte(c.schema.String()))
	return c, nil
}

func (c *codec) build(t reflect.Type, path string) (*codecType, error) {
	if ct, ok := c.types[t]; ok {
		fmt.Fprintf(&c.schema, "@%s;", t)
		return ct, nil
	}
	ct := &codecType{t: t, kind: t.Kind()}
	c.types[t] = ct
	fmt.Fprintf(&c.schema, "%s(%s)", t, t.Kind())
	var err error
	switch {
	case t == termType:
		ct.term = true
	case t.Kind() == reflect.Bool, t.Kind() == reflect.String,
		t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64,
		t.Kind() == reflect.Float32, t.Kind() == reflect.Float64:
	case t.Kind() == reflect.Slice, t.Kind() == reflect.Array:
		if t.Kind() == reflect.Array {
			fmt.Fprintf(&c.schema, "[%d]", t.Len())
		}
		ct.elem, err = c.build(t.Elem(), path+"[]")
	case t.Kind() == reflect.Pointer:
		ct.slot = c.slots
		c.slots++
		ct.elem, err = c.build(t.Elem(), path)
	case t.Kind() == reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		default:
			return nil, fmt.Errorf("encode the compiled program: %s (%s): map key %s is not supported", path, t, t.Key())
		}
		if ct.key, err = c.build(t.Key(), path+" key"); err == nil {
			ct.elem, err = c.build(t.Elem(), path+"[key]")
		}
	case t.Kind() == reflect.Struct:
		c.schema.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			name := t.String() + "." + f.Name
			if _, derived := derivedFields[name]; derived {
				fmt.Fprintf(&c.schema, "%s derived;", f.Name)
				continue
			}
			fmt.Fprintf(&c.schema, "%s@%d:", f.Name, f.Offset)
			ft, ferr := c.build(f.Type, name)
			if ferr != nil {
				return nil, ferr
			}
			ct.fields = append(ct.fields, codecField{offset: f.Offset, index: i, typ: ft})
		}
		c.schema.WriteString("}")
	default:
		return nil, fmt.Errorf("encode the compiled program: %s is a %s, which the codec cannot encode: encode it or list it in derivedFields (vm_codec.go) with the code that rebuilds it", path, t)
	}
	if err != nil {
		return nil, err
	}
	c.schema.WriteString(";")
	return ct, nil
}

// encode writes v, a value of the root type.
func (c *codec) encode(v reflect.Value) (out []byte, err error) {
	if v.Type() != c.root.t {
		return nil, fmt.Errorf("encode the compiled program: %s, want %s", v.Type(), c.root.t)
	}
	e := &encoder{strs: map[string]uint64{}, ptrs: make([]map[uintptr]uint64, c.slots)}
	defer catchCodecError(&err)
	e.value(c.root, v)
	return e.buf, nil
}

// codecError is a value the codec cannot write or bytes it cannot read.
type codecError struct{ msg string }

// catchCodecError, deferred by encode and decode, turns the codecError
// their helpers panic with into *err; any other panic goes on. Their
// result is left unset, so it is nil.
func catchCodecError(err *error) {
	if p := recover(); p != nil {
		ce, ok := p.(codecError)
		if !ok {
			panic(p)
		}
		*err = ce
	}
}

func (e codecError) Error() string { return e.msg }

func codecFail(format string, args ...any) {
	panic(codecError{fmt.Sprintf(format, args...)})
}

type encoder struct {
	buf  []byte
	strs map[string]uint64
	ptrs []map[uintptr]uint64
}

func (e *encoder) uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }
func (e *encoder) varint(x int64)   { e.buf = binary.AppendVarint(e.buf, x) }

// str writes a string once; later occurrences are its index.
func (e *encoder) str(s string) {
	if i, ok := e.strs[s]; ok {
		e.uvarint(i + 1)
		return
	}
	e.strs[s] = uint64(len(e.strs))
	e.uvarint(0)
	e.uvarint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *encoder) value(ct *codecType, v reflect.Value) {
	if ct.term {
		e.term((*ast.Term)(v.UnsafePointer()))
		return
	}
	switch ct.kind {
	case reflect.Bool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		e.uvarint(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.varint(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.uvarint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.uvarint(math.Float64bits(v.Float()))
	case reflect.String:
		e.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			e.uvarint(0)
			return
		}
		e.uvarint(uint64(v.Len()) + 1)
		for i := range v.Len() {
			e.value(ct.elem, v.Index(i))
		}
	case reflect.Array:
		for i := range v.Len() {
			e.value(ct.elem, v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			e.uvarint(0)
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, compareKeys)
		e.uvarint(uint64(len(keys)) + 1)
		for _, k := range keys {
			e.value(ct.key, k)
			e.value(ct.elem, v.MapIndex(k))
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.uvarint(0)
			return
		}
		ids := e.ptrs[ct.slot]
		if ids == nil {
			ids = map[uintptr]uint64{}
			e.ptrs[ct.slot] = ids
		}
		if id, seen := ids[v.Pointer()]; seen {
			e.uvarint(id + 2)
			return
		}
		ids[v.Pointer()] = uint64(len(ids))
		e.uvarint(1)
		e.value(ct.elem, v.Elem())
	case reflect.Struct:
		for _, f := range ct.fields {
			e.value(f.typ, v.Field(f.index))
		}
	default:
		codecFail("encode the compiled program: %s is not supported", ct.t)
	}
}

// compareKeys orders map keys so that the bytes are the same every time.
func compareKeys(a, b reflect.Value) int {
	switch a.Kind() {
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Bool:
		if a.Bool() == b.Bool() {
			return 0
		}
		if b.Bool() {
			return -1
		}
		return 1
	default:
		return cmp.Compare(a.Int(), b.Int())
	}
}

// Tags of constant Rego values.
const (
	termNil byte = iota
	termNull
	termFalse
	termTrue
	termNumber
	termString
	termArray
	termObject
	termSet
)

// term writes a constant: the interpreter's constants are scalars and
// arrays, objects and sets of them, none with a location.
func (e *encoder) term(t *ast.Term) {
	if t == nil {
		e.buf = append(e.buf, termNil)
		return
	}
	if t.Location != nil {
		codecFail("encode the compiled program: constant %v has a location", t)
	}
	switch v := t.Value.(type) {
	case ast.Null:
		e.buf = append(e.buf, termNull)
	case ast.Boolean:
		if v {
			e.buf = append(e.buf, termTrue)
		} else {
			e.buf = append(e.buf, termFalse)
		}
	case ast.Number:
		e.buf = append(e.buf, termNumber)
		e.str(string(v))
	case ast.String:
		e.buf = append(e.buf, termString)
		e.str(string(v))
	case *ast.Array:
		e.buf = append(e.buf, termArray)
		e.uvarint(uint64(v.Len()))
		v.Foreach(e.term)
	case ast.Object:
		e.buf = append(e.buf, termObject)
		e.uvarint(uint64(v.Len()))
		v.Foreach(func(k, x *ast.Term) {
			e.term(k)
			e.term(x)
		})
	case ast.Set:
		e.buf = append(e.buf, termSet)
		e.uvarint(uint64(v.Len()))
		v.Foreach(e.term)
	default:
		codecFail("encode the compiled program: constant %v is a %s", t, ast.ValueName(t.Value))
	}
}

// decode reads bytes written by encode into a new value of the root type
// and returns a pointer to it. Bytes that are cut short or malformed are
// an error, never a panic; strings share data's memory.
func (c *codec) decode(data string) (out unsafe.Pointer, err error) {
	d := &decoder{data: data, ptrs: make([][]unsafe.Pointer, c.slots), arenas: map[reflect.Type]*arena{}}
	defer catchCodecError(&err)
	v := reflect.New(c.root.t)
	d.value(c.root, v.UnsafePointer())
	if d.pos != len(d.data) {
		return nil, fmt.Errorf("decode the compiled program: %d bytes left over", len(d.data)-d.pos)
	}
	return v.UnsafePointer(), nil
}

var errCodecShort = errors.New("decode the compiled program: the data ends early")

// sliceHeader is how the runtime lays a slice out (reflect's
// unsafeheader.Slice).
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

type decoder struct {
	data string
	pos  int
	strs []string
	ptrs [][]unsafe.Pointer
	// arenas hand out the values of each type from larger arrays: a
	// program is thousands of small slices and locations, and one
	// allocation each was most of the cost of decoding.
	arenas map[reflect.Type]*arena
}

// arena is the unused rest of an array of one element type.
type arena struct {
	next unsafe.Pointer
	left int
}

// arenaChunk is how many elements an arena allocates at once.
const arenaChunk = 256

// alloc returns n zeroed consecutive elements of type t. Their array is
// typed, so the collector scans it; a value handed out keeps the whole
// array alive, which costs nothing here since the program keeps every
// value alive anyway.
func (d *decoder) alloc(t reflect.Type, n int) unsafe.Pointer {
	if n > arenaChunk/4 {
		return reflect.MakeSlice(reflect.SliceOf(t), n, n).UnsafePointer()
	}
	a := d.arenas[t]
	if a == nil {
		a = &arena{}
		d.arenas[t] = a
	}
	if a.left < n {
		a.next, a.left = reflect.MakeSlice(reflect.SliceOf(t), arenaChunk, arenaChunk).UnsafePointer(), arenaChunk
	}
	p := a.next
	a.left -= n
	a.next = nil // never a pointer past the array's end, which the collector rejects
	if a.left > 0 {
		a.next = unsafe.Add(p, uintptr(n)*t.Size())
	}
	return p
}

func (d *decoder) uvarint() uint64 {
	n := 0
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if d.pos+n >= len(d.data) || shift > 63 {
			panic(codecError{errCodecShort.Error()})
		}
		b := d.data[d.pos+n]
		n++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			break
		}
	}
	d.pos += n
	return v
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) byte() byte {
	if d.pos >= len(d.data) {
		panic(codecError{errCodecShort.Error()})
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

// count reads a length and checks that so many items could follow.
func (d *decoder) count(n uint64) int {
	if n > uint64(len(d.data)-d.pos) {
		codecFail("decode the compiled program: %d items announced, %d bytes left", n, len(d.data)-d.pos)
	}
	return int(n)
}

func (d *decoder) str() string {
	i := d.uvarint()
	if i > 0 {
		if i-1 >= uint64(len(d.strs)) {
			codecFail("decode the compiled program: string %d of %d", i-1, len(d.strs))
		}
		return d.strs[i-1]
	}
	n := d.count(d.uvarint())
	s := d.data[d.pos : d.pos+n]
	d.pos += n
	d.strs = append(d.strs, s)
	return s
}

func (d *decoder) value(ct *codecType, p unsafe.Pointer) {
	if ct.term {
		*(**ast.Term)(p) = d.term()
		return
	}
	switch ct.kind {
	case reflect.Bool:
		*(*bool)(p) = d.uvarint() != 0
	case reflect.Int:
		*(*int)(p) = int(d.varint())
	case reflect.Int8:
		*(*int8)(p) = int8(d.varint())
	case reflect.Int16:
		*(*int16)(p) = int16(d.varint())
	case reflect.Int32:
		*(*int32)(p) = int32(d.varint())
	case reflect.Int64:
		*(*int64)(p) = d.varint()
	case reflect.Uint:
		*(*uint)(p) = uint(d.uvarint())
	case reflect.Uint8:
		*(*uint8)(p) = uint8(d.uvarint())
	case reflect.Uint16:
		*(*uint16)(p) = uint16(d.uvarint())
	case reflect.Uint32:
		*(*uint32)(p) = uint32(d.uvarint())
	case reflect.Uint64:
		*(*uint64)(p) = d.uvarint()
	case reflect.Float32:
		*(*float32)(p) = float32(math.Float64frombits(d.uvarint()))
	case reflect.Float64:
		*(*float64)(p) = math.Float64frombits(d.uvarint())
	case reflect.String:
		*(*string)(p) = d.str()
	case reflect.Slice:
		n := d.uvarint()
		if n == 0 {
			return // nil: the memory is new, hence zero
		}
		m := d.count(n - 1)
		if m == 0 {
			reflect.NewAt(ct.t, p).Elem().Set(reflect.MakeSlice(ct.t, 0, 0)) // empty, not nil
			return
		}
		base, size := d.alloc(ct.elem.t, m), ct.elem.t.Size()
		// A slice's header, written in place: reflect.NewAt of a slice
		// type looks its pointer type up each time, the slowest part of
		// decoding. The backing array is typed, so the collector knows it.
		*(*sliceHeader)(p) = sliceHeader{data: base, len: m, cap: m}
		for i := range m {
			d.value(ct.elem, unsafe.Add(base, uintptr(i)*size))
		}
	case reflect.Array:
		size := ct.elem.t.Size()
		for i := range ct.t.Len() {
			d.value(ct.elem, unsafe.Add(p, uintptr(i)*size))
		}
	case reflect.Map:
		n := d.uvarint()
		if n == 0 {
			return
		}
		m := d.count(n - 1)
		mv := reflect.MakeMapWithSize(ct.t, m)
		for range m {
			k, v := reflect.New(ct.key.t), reflect.New(ct.elem.t)
			d.value(ct.key, k.UnsafePointer())
			d.value(ct.elem, v.UnsafePointer())
			mv.SetMapIndex(k.Elem(), v.Elem())
		}
		*(*unsafe.Pointer)(p) = mv.UnsafePointer() // a map is one pointer
	case reflect.Pointer:
		switch tag := d.uvarint(); tag {
		case 0:
		case 1:
			q := d.alloc(ct.elem.t, 1)
			// Known before its contents: a value may point back at itself.
			d.ptrs[ct.slot] = append(d.ptrs[ct.slot], q)
			d.value(ct.elem, q)
			*(*unsafe.Pointer)(p) = q
		default:
			ids := d.ptrs[ct.slot]
			if tag-2 >= uint64(len(ids)) {
				codecFail("decode the compiled program: %s %d of %d", ct.t, tag-2, len(ids))
			}
			*(*unsafe.Pointer)(p) = ids[tag-2]
		}
	case reflect.Struct:
		for _, f := range ct.fields {
			d.value(f.typ, unsafe.Add(p, f.offset))
		}
	default:
		codecFail("decode the compiled program: %s is not supported", ct.t)
	}
}

// term reads a constant as the compiler builds it.
func (d *decoder) term() *ast.Term {
	switch tag := d.byte(); tag {
	case termNil:
		return nil
	case termNull:
		return ast.InternedNullTerm
	case termFalse:
		return ast.InternedTerm(false)
	case termTrue:
		return ast.InternedTerm(true)
	case termNumber:
		return ast.NewTerm(ast.Number(d.str()))
	case termString:
		return ast.StringTerm(d.str())
	case termArray, termSet:
		n := d.count(d.uvarint())
		elems := make([]*ast.Term, n)
		for i := range elems {
			elems[i] = d.term()
		}
		if tag == termSet {
			return ast.SetTerm(elems...)
		}
		return ast.ArrayTerm(elems...)
	case termObject:
		n := d.count(d.uvarint())
		pairs := make([][2]*ast.Term, n)
		for i := range pairs {
			pairs[i] = [2]*ast.Term{d.term(), d.term()}
		}
		return ast.ObjectTerm(pairs...)
	default:
		codecFail("decode the compiled program: constant tag %d", tag)
		return nil
	}
}
